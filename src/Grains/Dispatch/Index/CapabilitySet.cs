using System.Numerics;

namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// A set of up to 64 capabilities as a bit mask. Bits mean nothing on their own: a <see cref="CapabilityCatalog"/>
/// says which code each bit stands for, so sets from different catalogs must not be mixed.
/// </summary>
public readonly record struct CapabilitySet(ulong Mask)
{
    public const int MaxCapabilities = 64;

    public static CapabilitySet Empty => default;

    public static CapabilitySet FromBit(int bit) =>
        bit is >= 0 and < MaxCapabilities
            ? new CapabilitySet(1UL << bit)
            : throw new ArgumentOutOfRangeException(nameof(bit), bit, $"must be between 0 and {MaxCapabilities - 1}");

    public bool IsEmpty => Mask == 0;

    public int Count => BitOperations.PopCount(Mask);

    public bool Contains(int bit) => bit is >= 0 and < MaxCapabilities && (Mask & (1UL << bit)) != 0;

    /// <summary>True when every capability of <paramref name="other"/> is in this set (the empty set is in every set).</summary>
    public bool IsSupersetOf(CapabilitySet other) => (Mask & other.Mask) == other.Mask;

    public bool Overlaps(CapabilitySet other) => (Mask & other.Mask) != 0;

    public CapabilitySet Union(CapabilitySet other) => new(Mask | other.Mask);

    public CapabilitySet Intersect(CapabilitySet other) => new(Mask & other.Mask);

    public CapabilitySet Except(CapabilitySet other) => new(Mask & ~other.Mask);

    public static CapabilitySet operator |(CapabilitySet left, CapabilitySet right) => left.Union(right);

    public static CapabilitySet operator &(CapabilitySet left, CapabilitySet right) => left.Intersect(right);

    /// <summary>The bit positions in ascending order.</summary>
    public IEnumerable<int> Bits()
    {
        var rest = Mask;
        while (rest != 0)
        {
            yield return BitOperations.TrailingZeroCount(rest);
            rest &= rest - 1;
        }
    }

    public override string ToString() => $"0x{Mask:X16}";
}
