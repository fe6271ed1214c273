namespace Mobilize.Grains.Dispatch.Index;

/// <summary>An indexed entry: where a team or volunteer is and what it can do.</summary>
public readonly record struct IndexEntry<TKey>(TKey Key, double Latitude, double Longitude, CapabilitySet Capabilities);

/// <summary>A query answer: an entry and its great-circle distance from the query point.</summary>
public readonly record struct Neighbor<TKey>(TKey Key, double Latitude, double Longitude, CapabilitySet Capabilities, double DistanceMeters);

/// <summary>How the index trades write cost against query cost.</summary>
public sealed record GeoGridIndexOptions
{
    /// <summary>Compact once at least this many distinct keys changed since the last snapshot…</summary>
    public int CompactAfterChanges { get; init; } = 4096;

    /// <summary>
    /// …and at least this fraction of the snapshot did, so compaction work stays proportional to the writes. A
    /// compaction folds the changes into a block copy of the snapshot on the same grid (tens of milliseconds at 1 M
    /// entries) and refits the grid only when the count doubled or halved; a small overlay keeps queries and the
    /// garbage collector fast while a writer is busy (see docs/benchmarks/dispatch-index.md).
    /// </summary>
    public double CompactAfterFraction { get; init; } = 1.0 / 16;

    /// <summary>
    /// Rebuild on the thread pool while writers carry on (the default); when false the write that crosses the
    /// threshold rebuilds before returning, which makes compaction points deterministic for tests.
    /// </summary>
    public bool CompactInBackground { get; init; } = true;

    /// <summary>How many entries a typical cell should hold; fewer means more cells to visit, more means more points to scan.</summary>
    public double PointsPerCell { get; init; } = 8;

    internal void Validate()
    {
        if (CompactAfterChanges < 1) throw new ArgumentOutOfRangeException(nameof(CompactAfterChanges), CompactAfterChanges, "must be at least 1");
        if (!(CompactAfterFraction >= 0)) throw new ArgumentOutOfRangeException(nameof(CompactAfterFraction), CompactAfterFraction, "must be at least 0");
        if (!(PointsPerCell is > 0 and < 1e6)) throw new ArgumentOutOfRangeException(nameof(PointsPerCell), PointsPerCell, "must be positive");
    }
}
