using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch.Index;

/// <summary>Compactions that fold moves into the existing grid instead of fitting a new one.</summary>
public sealed class GeoGridIndexFoldTests
{
    private static GeoGridIndex<int> Synchronous(int threshold) =>
        new(new GeoGridIndexOptions { CompactAfterChanges = threshold, CompactAfterFraction = 0, CompactInBackground = false });

    [Fact]
    public void teams_moving_about_a_city_are_folded_into_the_same_grid_and_answers_match_brute_force()
    {
        var index = Synchronous(threshold: 64);
        var random = new Random(7);
        (double, double) Place() => random.Next(4) == 0
            ? (39.4 + 1.7 * random.NextDouble(), 115.4 + 2.1 * random.NextDouble())
            : (39.90 + 0.05 * random.NextDouble(), 116.38 + 0.06 * random.NextDouble());
        var ops = new List<IndexOp>();
        for (var key = 0; key < 2_000; key++)
        {
            var (lat, lon) = Place();
            ops.Add(new UpsertOp(key, lat, lon, (ulong)random.Next(16)));
        }
        ops.Add(new CompactOp());
        for (var i = 0; i < 6_000; i++)
        {
            var (lat, lon) = Place();
            ops.Add(random.Next(8) == 0 ? new RemoveOp(random.Next(2_000)) : new UpsertOp(random.Next(2_000), lat, lon, (ulong)random.Next(16)));
            if (i % 150 == 0)
            {
                var (qLat, qLon) = Place();
                ops.Add(new NearestOp(qLat, qLon, 1 + random.Next(12), (ulong)random.Next(4), i % 300 == 0 ? 3_000 : double.PositiveInfinity, 0));
                ops.Add(new WithinOp(qLat, qLon, (ulong)random.Next(4), 2_000));
            }
        }
        ops.Add(new WithinOp(40, 116, 0, double.PositiveInfinity));

        Scenario.Play(index, ops);

        Assert.True(index.Compactions > 50, $"{index.Compactions} compactions");
        // Loading 2,000 teams 64 at a time refits each time the count doubles (64, 128, … 2,048); moves never do.
        Assert.True(index.Refits <= 6, $"{index.Refits} of {index.Compactions} compactions fitted a new grid");
    }

    [Fact]
    public void a_team_removed_and_indexed_again_before_the_next_compaction_is_found_once_at_its_new_place()
    {
        var index = HundredTeamsCompacted();

        index.Remove(5);
        index.Upsert(5, 39.5, 116.0, CapabilitySet.Empty);
        index.Compact();

        var everything = index.WithinRadius(39.9, 116.4, double.PositiveInfinity, CapabilitySet.Empty);
        Assert.Equal(100, everything.Count);
        Assert.Equal((39.5, 116.0), everything.Single(n => n.Key == 5) is var five ? (five.Latitude, five.Longitude) : default);
        Assert.Equal(1, index.Refits);
    }

    [Fact]
    public void a_new_team_that_takes_a_removed_teams_number_does_not_bring_the_removed_team_back()
    {
        var index = HundredTeamsCompacted();
        index.Remove(7);
        index.Compact();

        // The removal's compaction is installed, so key 7's internal number is free for the next new key.
        index.Upsert(1_000, 39.2, 116.1, CapabilitySet.Empty);
        index.Upsert(8, 39.3, 116.2, CapabilitySet.Empty);
        index.Compact();

        var keys = index.WithinRadius(39.9, 116.4, double.PositiveInfinity, CapabilitySet.Empty).Select(n => n.Key).ToList();
        Assert.Equal(Enumerable.Range(0, 100).Where(k => k != 7).Append(1_000).Order(), keys.Order());
        Assert.False(index.TryGet(7, out _));
        Assert.True(index.TryGet(1_000, out var added) && added.Latitude == 39.2);
        Assert.True(index.TryGet(8, out var moved) && moved.Latitude == 39.3);
    }

    private static GeoGridIndex<int> HundredTeamsCompacted()
    {
        var index = Synchronous(threshold: int.MaxValue);
        for (var key = 0; key < 100; key++) index.Upsert(key, 39.9 + key * 0.001, 116.4, CapabilitySet.Empty);
        index.Compact();
        return index;
    }

    [Fact]
    public void doubling_the_teams_fits_a_new_grid_for_them()
    {
        var index = Synchronous(threshold: int.MaxValue);
        for (var key = 0; key < 500; key++) index.Upsert(key, 39.9 + key * 0.0001, 116.4, CapabilitySet.Empty);
        index.Compact();
        for (var key = 500; key < 1_500; key++) index.Upsert(key, 30 + key * 0.001, 110, CapabilitySet.Empty);
        index.Compact();

        Assert.Equal(2, index.Refits);
        Assert.Equal(1_500, index.WithinRadius(35, 113, double.PositiveInfinity, CapabilitySet.Empty).Count);
    }
}
