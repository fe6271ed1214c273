using System.Collections.Immutable;

namespace Mobilize.Drills.Geography;

/// <summary>Resident population per district (7th national census, 2020, in people), to place synthetic volunteers and
/// teams in proportion. Only Beijing's are known here; other cities are spread by area.</summary>
public static class Populations
{
    public static readonly ImmutableDictionary<string, long> Beijing = new Dictionary<string, long>
    {
        ["东城区"] = 709_000, ["西城区"] = 1_106_000, ["朝阳区"] = 3_452_000, ["丰台区"] = 2_019_000,
        ["石景山区"] = 568_000, ["海淀区"] = 3_133_000, ["门头沟区"] = 393_000, ["房山区"] = 1_313_000,
        ["通州区"] = 1_840_000, ["顺义区"] = 1_324_000, ["昌平区"] = 2_269_000, ["大兴区"] = 1_994_000,
        ["怀柔区"] = 441_000, ["平谷区"] = 457_000, ["密云区"] = 528_000, ["延庆区"] = 346_000,
    }.ToImmutableDictionary();

    /// <summary>The weight of each district: its population when known, otherwise its area.</summary>
    public static ImmutableArray<double> Weights(DistrictMap map) =>
        [.. map.Districts.Select(d => map.City == "beijing" && Beijing.TryGetValue(d.Name, out var people) ? people : d.Boundary.Area * 1e6)];

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/> by largest remainder, so the
    /// parts add up exactly and each is within one of its exact share.</summary>
    public static ImmutableArray<int> Apportion(int total, IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => total * w / sum).ToArray();
        var parts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = total - parts.Sum();
        foreach (var i in Enumerable.Range(0, parts.Length).OrderByDescending(i => exact[i] - parts[i]).ThenBy(i => i).Take(left))
            parts[i]++;
        return [.. parts];
    }
}
