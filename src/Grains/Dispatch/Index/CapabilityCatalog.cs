using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// Maps capability codes (such as "water-rescue") to bits of a <see cref="CapabilitySet"/>. Codes are ordinal and
/// case-sensitive, like the certification codes they come from. Registration is append-only so a bit, once given,
/// never changes meaning while sets built with it are still in an index.
/// </summary>
/// <remarks>
/// The first <see cref="OwnBits"/> codes get a bit each; every later code shares the last bit
/// (<see cref="SharedBit"/>). A province registers as many codes as its volunteers hold, so the catalogue must never
/// refuse one: a set is then a filter that may let through a team holding another rare code, and whoever searches
/// checks the code itself (the dispatch directory does, from the team's card). Common codes, registered first, keep
/// exact bits; only searches for rare codes pay for the check.
/// </remarks>
public sealed class CapabilityCatalog
{
    /// <summary>The capabilities the plans use today, in a fixed order so their bits are stable across restarts.</summary>
    public static readonly ImmutableArray<string> StandardCodes =
    [
        "water-rescue", "medical", "first-aid", "search-rescue",
        "logistics", "psychological-support", "communications", "traffic",
    ];

    /// <summary>How many codes get a bit of their own.</summary>
    public const int OwnBits = CapabilitySet.MaxCapabilities - 1;

    /// <summary>The bit every code after the first <see cref="OwnBits"/> shares.</summary>
    public const int SharedBit = OwnBits;

    private readonly Lock gate = new();
    private volatile FrozenDictionary<string, int> bits;
    private volatile string[] codes;

    public CapabilityCatalog(IEnumerable<string>? codes = null)
    {
        bits = FrozenDictionary<string, int>.Empty;
        this.codes = [];
        foreach (var code in codes ?? []) Register(code);
    }

    /// <summary>A catalog holding <see cref="StandardCodes"/>; further codes may still be registered.</summary>
    public static CapabilityCatalog CreateStandard() => new(StandardCodes);

    public int Count => codes.Length;

    public IReadOnlyList<string> Codes => codes;

    /// <summary>The bit for <paramref name="code"/>, registering it if new (<see cref="SharedBit"/> once the own bits are taken).</summary>
    public int Register(string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        if (bits.TryGetValue(code, out var bit)) return bit;
        lock (gate)
        {
            if (bits.TryGetValue(code, out bit)) return bit;
            bit = Math.Min(codes.Length, SharedBit);
            // Copy-on-write so lookups never lock: registrations are rare, lookups are on every location update.
            codes = [.. codes, code];
            bits = codes.Select((c, i) => KeyValuePair.Create(c, Math.Min(i, SharedBit))).ToFrozenDictionary(StringComparer.Ordinal);
            return bit;
        }
    }

    /// <summary>Whether a set's bits say exactly which codes it holds: false when a code shares <see cref="SharedBit"/>.</summary>
    public bool IsExact(string code) => bits.TryGetValue(code, out var bit) && (bit < SharedBit || codes.Length <= CapabilitySet.MaxCapabilities);

    public bool TryGetBit(string code, out int bit) => bits.TryGetValue(code, out bit);

    /// <summary>The set of the given codes, registering unknown ones (use when describing what a team offers).</summary>
    public CapabilitySet Define(IEnumerable<string> codes)
    {
        var mask = 0UL;
        foreach (var code in codes) mask |= 1UL << Register(code);
        return new CapabilitySet(mask);
    }

    public CapabilitySet Define(params string[] codes) => Define((IEnumerable<string>)codes);

    /// <summary>
    /// The set of the given codes for a query. Returns false when a code is unknown: nobody can offer a capability
    /// that was never registered, so the caller should report "no one qualifies" rather than ignore the code.
    /// </summary>
    public bool TryRequire(IEnumerable<string> codes, out CapabilitySet required)
    {
        var mask = 0UL;
        foreach (var code in codes)
        {
            if (!bits.TryGetValue(code, out var bit))
            {
                required = default;
                return false;
            }
            mask |= 1UL << bit;
        }
        required = new CapabilitySet(mask);
        return true;
    }

    /// <summary>The codes in <paramref name="set"/>, in bit order; bits this catalog never gave are skipped, and the
    /// shared bit names every code that shares it.</summary>
    public IEnumerable<string> Describe(CapabilitySet set)
    {
        var snapshot = codes;
        return set.Bits().SelectMany(bit => bit < SharedBit ? snapshot.Skip(bit).Take(1) : snapshot.Skip(SharedBit));
    }
}
