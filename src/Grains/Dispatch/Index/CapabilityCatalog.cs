using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Mobilize.Grains.Dispatch.Index;

/// <summary>
/// Maps capability codes (such as "water-rescue") to bits of a <see cref="CapabilitySet"/>. Codes are ordinal and
/// case-sensitive, like the certification codes they come from. Registration is append-only so a bit, once given,
/// never changes meaning while sets built with it are still in an index.
/// </summary>
public sealed class CapabilityCatalog
{
    /// <summary>The capabilities the plans use today, in a fixed order so their bits are stable across restarts.</summary>
    public static readonly ImmutableArray<string> StandardCodes =
    [
        "water-rescue", "medical", "first-aid", "search-rescue",
        "logistics", "psychological-support", "communications", "traffic",
    ];

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

    /// <summary>The bit for <paramref name="code"/>, registering it if new.</summary>
    public int Register(string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        if (bits.TryGetValue(code, out var bit)) return bit;
        lock (gate)
        {
            if (bits.TryGetValue(code, out bit)) return bit;
            if (codes.Length == CapabilitySet.MaxCapabilities)
                throw new InvalidOperationException($"A catalog holds at most {CapabilitySet.MaxCapabilities} capabilities; '{code}' does not fit.");
            bit = codes.Length;
            // Copy-on-write so lookups never lock: registrations are rare, lookups are on every location update.
            codes = [.. codes, code];
            bits = codes.Select((c, i) => KeyValuePair.Create(c, i)).ToFrozenDictionary(StringComparer.Ordinal);
            return bit;
        }
    }

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

    /// <summary>The codes in <paramref name="set"/>, in bit order; bits this catalog never gave are skipped.</summary>
    public IEnumerable<string> Describe(CapabilitySet set)
    {
        var snapshot = codes;
        return set.Bits().Where(bit => bit < snapshot.Length).Select(bit => snapshot[bit]);
    }
}
