namespace Mobilize.Grains.Dispatch.Index;

public sealed partial class GeoGridIndex<TKey>
{
    /// <summary>
    /// The <paramref name="k"/> nearest entries offering every capability in <paramref name="required"/> within
    /// <paramref name="maxRadiusMeters"/> (inclusive), nearest first, equal distances in key order.
    /// </summary>
    /// <param name="maxRadiusMeters">Positive; <see cref="double.PositiveInfinity"/> for no limit.</param>
    /// <param name="exclude">Keys to pass over (already offered, say); called only for keys that would make the cut.</param>
    public IReadOnlyList<Neighbor<TKey>> Nearest(double latitude, double longitude, int k, CapabilitySet required,
        double maxRadiusMeters, Func<TKey, bool>? exclude = null)
    {
        ValidatePoint(latitude, longitude);
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "must be at least 1");
        ValidateRadius(maxRadiusMeters, nameof(maxRadiusMeters));
        var reading = EnterRead();
        try
        {
            return GridSearch<TKey>.Run(reading, keyOrder, keyEquality, latitude, longitude, k, required.Mask, maxRadiusMeters, exclude);
        }
        finally
        {
            Interlocked.Decrement(ref reading.Readers);
        }
    }

    /// <summary>Every entry offering all of <paramref name="required"/> within <paramref name="radiusMeters"/> (inclusive), nearest first.</summary>
    public IReadOnlyList<Neighbor<TKey>> WithinRadius(double latitude, double longitude, double radiusMeters, CapabilitySet required)
    {
        ValidatePoint(latitude, longitude);
        ValidateRadius(radiusMeters, nameof(radiusMeters));
        var reading = EnterRead();
        try
        {
            return GridSearch<TKey>.Run(reading, keyOrder, keyEquality, latitude, longitude, 0, required.Mask, radiusMeters, null);
        }
        finally
        {
            Interlocked.Decrement(ref reading.Readers);
        }
    }

    /// <summary>
    /// The current state, counted as read until the caller decrements its <see cref="IndexState{TKey}.Readers"/>. A
    /// query that counts itself on a state just replaced backs off and takes the new one, so a compaction that saw
    /// zero readers on the replaced state may overwrite its arrays.
    /// </summary>
    private IndexState<TKey> EnterRead()
    {
        while (true)
        {
            var current = state;
            Interlocked.Increment(ref current.Readers);
            if (ReferenceEquals(current, state)) return current;
            Interlocked.Decrement(ref current.Readers);
        }
    }

    private static void ValidateRadius(double radius, string name)
    {
        if (!(radius > 0)) throw new ArgumentOutOfRangeException(name, radius, "must be a positive number of metres");
    }
}
