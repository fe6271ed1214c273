using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch.Index;

public sealed class GeoGridIndexBehaviourTests
{
    private static readonly CapabilityCatalog Catalog = CapabilityCatalog.CreateStandard();
    private static readonly CapabilitySet Water = Catalog.Define("water-rescue");
    private static readonly CapabilitySet Medical = Catalog.Define("medical");
    private static readonly CapabilitySet Both = Water | Medical;

    // Tiananmen, and places a known distance north of it (one degree of latitude is ~111.2 km on this sphere).
    private const double Lat = 39.9042, Lon = 116.4074;
    private static double North(double meters) => Lat + meters / GeoPoint.EarthRadiusMeters * 180 / Math.PI;

    private static GeoGridIndex<string> NewIndex(int compactAfter = 4096) =>
        new(new GeoGridIndexOptions { CompactAfterChanges = compactAfter, CompactAfterFraction = 0, CompactInBackground = false });

    private static string[] Keys(IEnumerable<Neighbor<string>> found) => found.Select(n => n.Key).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void team_without_required_capability_is_never_returned(bool compacted)
    {
        var index = NewIndex();
        index.Upsert("near-medical-only", North(100), Lon, Medical);
        index.Upsert("far-water", North(5_000), Lon, Water);
        index.Upsert("farther-both", North(9_000), Lon, Both);
        if (compacted) index.Compact();

        Assert.Equal(["far-water", "farther-both"], Keys(index.Nearest(Lat, Lon, 5, Water, 50_000)));
        Assert.Equal(["farther-both"], Keys(index.WithinRadius(Lat, Lon, 50_000, Both)));
    }

    [Fact]
    public void removed_team_is_not_returned_even_before_compaction()
    {
        var index = NewIndex();
        index.Upsert("a", North(100), Lon, Water);
        index.Upsert("b", North(200), Lon, Water);
        index.Compact();

        Assert.True(index.Remove("a"));
        Assert.Equal(["b"], Keys(index.Nearest(Lat, Lon, 5, Water, 10_000)));
        Assert.Equal(["b"], Keys(index.WithinRadius(Lat, Lon, 10_000, Water)));
        Assert.False(index.TryGet("a", out _));
        Assert.Equal(1, index.Count);
        Assert.False(index.Remove("a"));
    }

    [Fact]
    public void radius_limit_excludes_farther_teams()
    {
        var index = NewIndex();
        index.Upsert("inside", North(9_999), Lon, Water);
        index.Upsert("outside", North(10_001), Lon, Water);

        var found = index.Nearest(Lat, Lon, 10, Water, 10_000);
        Assert.Equal(["inside"], Keys(found));
        Assert.InRange(found[0].DistanceMeters, 9_999 - 1e-6, 9_999 + 1e-6);
        Assert.Equal(["inside"], Keys(index.WithinRadius(Lat, Lon, 10_000, Water)));
    }

    [Fact]
    public void moved_team_is_found_at_its_new_place_only_before_and_after_compaction()
    {
        var index = NewIndex();
        index.Upsert("mover", North(100), Lon, Water);
        index.Upsert("other", North(3_000), Lon, Water);
        index.Compact();
        index.Upsert("mover", North(6_000), Lon, Water);

        Assert.Equal(["other", "mover"], Keys(index.Nearest(Lat, Lon, 5, Water, 50_000)));
        Assert.Empty(index.WithinRadius(Lat, Lon, 1_000, Water));
        index.Compact();
        Assert.Equal(["other", "mover"], Keys(index.Nearest(Lat, Lon, 5, Water, 50_000)));
    }

    [Fact]
    public void capabilities_change_takes_effect_at_once()
    {
        var index = NewIndex();
        index.Upsert("t", North(100), Lon, Both);
        index.Compact();
        index.Upsert("t", North(100), Lon, Medical);

        Assert.Empty(index.Nearest(Lat, Lon, 1, Water, 1_000));
        Assert.True(index.TryGet("t", out var entry));
        Assert.Equal(Medical, entry.Capabilities);
    }

    [Fact]
    public void teams_at_the_same_distance_come_in_key_order()
    {
        var index = NewIndex();
        foreach (var key in new[] { "c", "a", "d", "b" }) index.Upsert(key, North(500), Lon, Water);
        index.Compact();
        index.Upsert("aa", North(500), Lon, Water);

        Assert.Equal(["a", "aa", "b"], Keys(index.Nearest(Lat, Lon, 3, Water, 1_000)));
    }

    [Fact]
    public void excluded_teams_are_skipped_and_the_next_nearest_fill_in()
    {
        var index = NewIndex();
        for (var i = 1; i <= 6; i++) index.Upsert($"t{i}", North(i * 100), Lon, Water);

        Assert.Equal(["t2", "t4", "t5"], Keys(index.Nearest(Lat, Lon, 3, Water, 10_000, key => key is "t1" or "t3")));
    }

    [Fact]
    public void fewer_than_k_come_back_when_fewer_qualify_and_an_empty_requirement_matches_everyone()
    {
        var index = NewIndex();
        index.Upsert("water", North(100), Lon, Water);
        index.Upsert("none", North(200), Lon, CapabilitySet.Empty);

        Assert.Single(index.Nearest(Lat, Lon, 10, Water, double.PositiveInfinity));
        Assert.Equal(["water", "none"], Keys(index.Nearest(Lat, Lon, 10, CapabilitySet.Empty, double.PositiveInfinity)));
        Assert.Empty(new GeoGridIndex<string>().Nearest(Lat, Lon, 10, CapabilitySet.Empty, double.PositiveInfinity));
    }

    [Fact]
    public void a_query_far_from_every_team_still_finds_the_nearest()
    {
        var index = NewIndex();
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++) index.Upsert($"bj{i}", 39.4 + 1.7 * random.NextDouble(), 115.4 + 2.1 * random.NextDouble(), Water);
        index.Upsert("harbin", 45.80, 126.53, Water);
        index.Compact();

        // Kashgar, thousands of kilometres west of everything indexed and outside the grid.
        var found = index.Nearest(39.47, 75.99, 1, Water, double.PositiveInfinity);
        Assert.StartsWith("bj", found[0].Key);
        Assert.Equal(["harbin"], Keys(index.Nearest(53.0, 135.0, 1, Water, double.PositiveInfinity)));
    }

    [Fact]
    public void distances_are_those_of_GeoPoint()
    {
        var index = NewIndex();
        index.Upsert("shanghai", 31.2304, 121.4737, Water);
        var expected = new GeoPoint(Lat, Lon).DistanceMetersTo(new GeoPoint(31.2304, 121.4737));

        Assert.Equal(expected, index.Nearest(Lat, Lon, 1, Water, double.PositiveInfinity)[0].DistanceMeters);
        Assert.InRange(expected, 1_060_000, 1_075_000);
    }

    [Fact]
    public void enough_changes_compact_automatically_and_queries_stay_right()
    {
        var index = NewIndex(compactAfter: 10);
        for (var i = 0; i < 9; i++) index.Upsert($"t{i}", North(100 * (i + 1)), Lon, Water);
        Assert.Equal((0, 9), (index.Compactions, index.OverlayCount));

        index.Upsert("t9", North(1_000), Lon, Water);
        Assert.Equal((1, 0), (index.Compactions, index.OverlayCount));
        Assert.Equal(["t0", "t1"], Keys(index.Nearest(Lat, Lon, 2, Water, 5_000)));
    }

    [Fact]
    public void a_crowded_cell_refits_the_grid_even_below_the_change_threshold()
    {
        var index = NewIndex(compactAfter: int.MaxValue);
        for (var i = 0; i < 300; i++) index.Upsert($"t{i}", North(i), Lon, Water);
        Assert.Equal(1, index.Compactions);
        Assert.Equal(["t0", "t1"], Keys(index.Nearest(Lat, Lon, 2, Water, 5_000)));
    }

    [Fact]
    public void a_query_from_inside_exclude_sees_the_same_index()
    {
        var index = NewIndex();
        for (var i = 0; i < 5; i++) index.Upsert($"t{i}", North(100 * (i + 1)), Lon, Water);
        var inner = new List<string>();

        var found = index.Nearest(Lat, Lon, 2, Water, 5_000, key =>
        {
            inner.AddRange(Keys(index.Nearest(Lat, Lon, 1, Water, 5_000)));
            return key == "t0";
        });

        Assert.Equal(["t1", "t2"], Keys(found));
        Assert.All(inner, key => Assert.Equal("t0", key));
    }

    [Fact]
    public void keys_that_are_not_comparable_need_an_order()
    {
        Assert.Throws<ArgumentException>("keyOrder", () => new GeoGridIndex<TeamId>());
        var index = new GeoGridIndex<TeamId>(keyOrder: Comparer<TeamId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value)));
        index.Upsert(TeamId.Create("b"), North(10), Lon, Water);
        index.Upsert(TeamId.Create("a"), North(10), Lon, Water);
        Assert.Equal(["a", "b"], index.Nearest(Lat, Lon, 2, Water, 100).Select(n => n.Key.Value));
    }

    [Theory]
    [InlineData(90.0001, 0, "latitude")]
    [InlineData(-91, 0, "latitude")]
    [InlineData(double.NaN, 0, "latitude")]
    [InlineData(double.PositiveInfinity, 0, "latitude")]
    [InlineData(0, 180.5, "longitude")]
    [InlineData(0, double.NaN, "longitude")]
    [InlineData(0, double.NegativeInfinity, "longitude")]
    public void coordinates_out_of_range_are_rejected_by_name(double lat, double lon, string parameter)
    {
        var index = NewIndex();
        Assert.Throws<ArgumentOutOfRangeException>(parameter, () => index.Upsert("x", lat, lon, Water));
        Assert.Throws<ArgumentOutOfRangeException>(parameter, () => index.Nearest(lat, lon, 1, Water, 1_000));
        Assert.Throws<ArgumentOutOfRangeException>(parameter, () => index.WithinRadius(lat, lon, 1_000, Water));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void k_and_radius_are_validated_by_name()
    {
        var index = NewIndex();
        Assert.Throws<ArgumentOutOfRangeException>("k", () => index.Nearest(Lat, Lon, 0, Water, 1_000));
        Assert.Throws<ArgumentOutOfRangeException>("maxRadiusMeters", () => index.Nearest(Lat, Lon, 1, Water, 0));
        Assert.Throws<ArgumentOutOfRangeException>("maxRadiusMeters", () => index.Nearest(Lat, Lon, 1, Water, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>("radiusMeters", () => index.WithinRadius(Lat, Lon, -5, Water));
        Assert.Throws<ArgumentOutOfRangeException>("CompactAfterChanges", () => new GeoGridIndex<int>(new GeoGridIndexOptions { CompactAfterChanges = 0 }));
    }

    [Fact]
    public void boundary_coordinates_are_accepted()
    {
        var index = NewIndex();
        index.Upsert("north-pole", 90, 180, Water);
        index.Upsert("south-west", -90, -180, Water);
        index.Compact();
        Assert.Equal(["north-pole"], Keys(index.Nearest(89, 0, 1, Water, double.PositiveInfinity)));
        Assert.Equal(2, index.WithinRadius(0, 0, double.PositiveInfinity, Water).Count);
    }
}
