namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// What queries read: a snapshot, which of its entries are stale, and the entries written since, bucketed by the
/// snapshot's own cells so a query finds them in the cells it already visits. Only writers holding the index's
/// write lock mutate it; each mutation is a single reference or byte store, so readers never see a torn bucket.
/// </summary>
internal sealed class IndexState<TKey> where TKey : notnull
{
    private readonly Dictionary<int, int> overlayCellOf = [];
    private readonly IEqualityComparer<TKey> keyEquality;
    private int overlayCount;
    private int writes;

    /// <param name="spare">An older state no reader holds any more, whose arrays are cleared and reused.</param>
    public IndexState(GridSnapshot<TKey> snapshot, IEqualityComparer<TKey> keyEquality, IndexState<TKey>? spare = null)
    {
        Snapshot = snapshot;
        Shadowed = Reuse(spare?.Shadowed, snapshot.Count);
        Overlay = Reuse(spare?.Overlay, snapshot.Grid.CellCount);
        this.keyEquality = keyEquality;
    }

    /// <summary>Queries reading this state now; its arrays may be reused only once it is replaced and this is zero.</summary>
    public int Readers;

    public GridSnapshot<TKey> Snapshot { get; }

    /// <summary>Nonzero at a snapshot position whose key was written since: the overlay, not the snapshot, has it now.</summary>
    public byte[] Shadowed { get; }

    /// <summary>Per cell, the entries upserted since the snapshot; null when none. Buckets are replaced, never changed.</summary>
    public OverlayEntry<TKey>[]?[] Overlay { get; }

    public int OverlayCount => Volatile.Read(ref overlayCount);

    /// <summary>
    /// Bumped before each write touches anything and again once it is done, so it is odd while a write is under way.
    /// A query that overlaps a move can meet both copies of a key (old cell scanned before, new cell after); only then
    /// does it need to look for duplicates. A query that starts between a write's first bump and its stores sees no
    /// later change of the count, hence the odd count too (CI once found a team twice that way).
    /// </summary>
    public int Writes => Volatile.Read(ref writes);

    /// <summary>
    /// Records that <paramref name="key"/> (whose id is <paramref name="id"/>) now has <paramref name="placement"/>
    /// (null: removed); returns the size of the bucket it went into (0 for a removal). Caller holds the write lock.
    /// </summary>
    public int Apply(TKey key, int id, Placement? placement)
    {
        Interlocked.Increment(ref writes);
        // Hide the old copy before showing the new one: a concurrent reader may briefly miss the key, never see it twice.
        if (Snapshot.SlotOf(id) is var slot and >= 0) Volatile.Write(ref Shadowed[slot], 1);
        if (overlayCellOf.Remove(id, out var oldCell))
        {
            var bucket = Overlay[oldCell]!;
            Volatile.Write(ref Overlay[oldCell], bucket.Length == 1 ? null : Without(bucket, key));
            overlayCount--;
        }
        if (placement is { } p)
        {
            var cell = Snapshot.Grid.CellOf(p.Latitude, p.Longitude);
            var bucket = Overlay[cell];
            OverlayEntry<TKey>[] grown = bucket is null ? new OverlayEntry<TKey>[1] : [.. bucket, default];
            grown[^1] = new OverlayEntry<TKey>(key, p);
            Volatile.Write(ref Overlay[cell], grown);
            overlayCellOf[id] = cell;
            Volatile.Write(ref overlayCount, overlayCount + 1);
            Interlocked.Increment(ref writes);
            return grown.Length;
        }
        Volatile.Write(ref overlayCount, overlayCount);
        Interlocked.Increment(ref writes);
        return 0;
    }

    private static T[] Reuse<T>(T[]? spare, int length)
    {
        if (spare is null || spare.Length < length || spare.Length > length + length / 4) return new T[length];
        Array.Clear(spare);
        return spare;
    }

    private OverlayEntry<TKey>[] Without(OverlayEntry<TKey>[] bucket, TKey key)
    {
        var result = new OverlayEntry<TKey>[bucket.Length - 1];
        var n = 0;
        foreach (var entry in bucket)
            if (!keyEquality.Equals(entry.Key, key)) result[n++] = entry;
        return result;
    }
}
