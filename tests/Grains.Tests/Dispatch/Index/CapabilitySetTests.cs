using Mobilize.Grains.Dispatch.Index;

namespace Mobilize.Grains.Tests.Dispatch.Index;

public sealed class CapabilitySetTests
{
    [Fact]
    public void standard_codes_get_stable_bits_in_their_listed_order()
    {
        var catalog = CapabilityCatalog.CreateStandard();
        Assert.Equal(8, catalog.Count);
        Assert.True(catalog.TryGetBit("water-rescue", out var water));
        Assert.True(catalog.TryGetBit("traffic", out var traffic));
        Assert.Equal((0, 7), (water, traffic));
        Assert.Equal(CapabilityCatalog.StandardCodes, catalog.Codes);
    }

    [Fact]
    public void a_set_contains_its_codes_and_is_a_superset_of_its_subsets()
    {
        var catalog = CapabilityCatalog.CreateStandard();
        var team = catalog.Define("medical", "first-aid", "logistics");
        Assert.True(catalog.TryRequire(["medical", "first-aid"], out var need));

        Assert.True(team.IsSupersetOf(need));
        Assert.False(need.IsSupersetOf(team));
        Assert.True(team.IsSupersetOf(CapabilitySet.Empty));
        Assert.True(team.Contains(1));
        Assert.False(team.Contains(0));
        Assert.Equal(3, team.Count);
        Assert.Equal(["medical", "first-aid", "logistics"], catalog.Describe(team));
        Assert.Equal(team, need.Union(catalog.Define("logistics")));
        Assert.Equal(need, team & need);
        Assert.Equal(catalog.Define("logistics"), team.Except(need));
    }

    [Fact]
    public void requiring_an_unknown_code_reports_it_instead_of_ignoring_it()
    {
        var catalog = CapabilityCatalog.CreateStandard();
        Assert.False(catalog.TryRequire(["medical", "drone-pilot"], out var required));
        Assert.Equal(CapabilitySet.Empty, required);
        Assert.Equal(8, catalog.Count);
    }

    [Fact]
    public void new_codes_take_the_next_bit_and_registering_twice_changes_nothing()
    {
        var catalog = CapabilityCatalog.CreateStandard();
        Assert.Equal(8, catalog.Register("drone-pilot"));
        Assert.Equal(8, catalog.Register("drone-pilot"));
        Assert.Equal(9, catalog.Count);
    }

    [Fact]
    public void codes_past_the_sixty_third_share_the_last_bit_and_are_never_refused()
    {
        var catalog = new CapabilityCatalog(Enumerable.Range(0, 64).Select(i => $"c{i}"));
        Assert.Equal(CapabilityCatalog.SharedBit, catalog.Register("c63"));
        Assert.True(catalog.IsExact("c63"));
        Assert.Equal(CapabilityCatalog.SharedBit, catalog.Register("one-more"));
        Assert.Equal(CapabilityCatalog.SharedBit, catalog.Register("and-another"));
        Assert.False(catalog.IsExact("c63"));
        Assert.True(catalog.IsExact("c62"));
        Assert.Equal(66, catalog.Count);
        Assert.True(catalog.TryRequire(["and-another"], out var required));
        Assert.Equal(1UL << 63, required.Mask);
        Assert.Equal(["c63", "one-more", "and-another"], catalog.Describe(required));
        Assert.Throws<ArgumentOutOfRangeException>("bit", () => CapabilitySet.FromBit(64));
    }

    [Fact]
    public void codes_are_ordinal_and_blank_codes_are_refused()
    {
        var catalog = CapabilityCatalog.CreateStandard();
        Assert.False(catalog.TryGetBit("Medical", out _));
        Assert.ThrowsAny<ArgumentException>(() => catalog.Register(" "));
    }

    [Fact]
    public void concurrent_registration_gives_each_code_exactly_one_bit()
    {
        var catalog = new CapabilityCatalog();
        var bits = new int[4][];
        Parallel.For(0, 4, t => bits[t] = Enumerable.Range(0, 40).Select(i => catalog.Register($"c{(i * 7 + t) % 40}")).ToArray());

        Assert.Equal(40, catalog.Count);
        for (var t = 0; t < 4; t++)
            for (var i = 0; i < 40; i++)
                Assert.Equal($"c{(i * 7 + t) % 40}", catalog.Codes[bits[t][i]]);
    }
}
