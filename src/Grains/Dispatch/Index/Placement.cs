namespace Mobilize.Grains.Dispatch.Index;

/// <summary>Where an entry is and what it can do: the value the index keeps per key.</summary>
internal readonly record struct Placement(double Latitude, double Longitude, ulong Mask);

/// <summary>An entry written since the current snapshot was built, with its unit vector for chord pruning.</summary>
internal readonly struct OverlayEntry<TKey>
{
    public readonly TKey Key;
    public readonly double Lat;
    public readonly double Lon;
    public readonly double X;
    public readonly double Y;
    public readonly double Z;
    public readonly ulong Mask;

    public OverlayEntry(TKey key, Placement placement)
    {
        Key = key;
        (Lat, Lon, Mask) = (placement.Latitude, placement.Longitude, placement.Mask);
        (X, Y, Z) = GeoMath.UnitVector(Lat, Lon);
    }
}

/// <summary>
/// A pending change to one key: its stable id (the index numbers keys once, so a snapshot can map ids to positions
/// without hashing) and where it now is, or null when removed.
/// </summary>
internal readonly record struct Change(int Id, Placement? Placement);
