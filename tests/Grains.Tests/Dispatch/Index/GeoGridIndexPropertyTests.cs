using FsCheck;
using FsCheck.Fluent;
using Mobilize.Grains.Dispatch.Index;

namespace Mobilize.Grains.Tests.Dispatch.Index;

public sealed class GeoGridIndexPropertyTests
{
    private static GeoGridIndex<int> NewIndex(int threshold, double pointsPerCell = 8) =>
        new(new GeoGridIndexOptions { CompactAfterChanges = threshold, CompactAfterFraction = 0, CompactInBackground = false, PointsPerCell = pointsPerCell });

    [Fact]
    public void any_interleaving_of_upserts_removes_compactions_and_queries_answers_like_brute_force() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400).WithEndSize(150),
            Prop.ForAll(Scenario.Runs(keys: 40), run => Scenario.Play(NewIndex(run.Threshold), run.Ops)));

    [Fact]
    public void without_any_compaction_the_overlay_alone_answers_like_brute_force() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithEndSize(150),
            Prop.ForAll(Scenario.Runs(keys: 25), run => Scenario.Play(NewIndex(int.MaxValue), run.Ops.Where(op => op is not CompactOp))));

    [Fact]
    public void tiny_and_huge_cells_answer_like_brute_force() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithEndSize(150),
            Prop.ForAll(Scenario.Runs(keys: 30).Zip(Gen.Elements(0.01, 1.0, 500.0).ToArbitrary()),
                t => Scenario.Play(NewIndex(t.Item1.Threshold, t.Item2), t.Item1.Ops)));

    /// <summary>Thousands of points, so rings grow many cells wide and the stopping rule is what keeps answers right.</summary>
    [Fact]
    public void large_random_sets_answer_like_brute_force() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12),
            Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => Scenario.Play(NewIndex(500), LargeRun(seed))));

    private static IEnumerable<IndexOp> LargeRun(int seed)
    {
        var random = new Random(seed);
        (double, double) Place() => random.Next(3) switch
        {
            0 => (18 + 36 * random.NextDouble(), 73 + 62 * random.NextDouble()),
            1 => (39.4 + 1.7 * random.NextDouble(), 115.4 + 2.1 * random.NextDouble()),
            _ => (39.90 + 0.03 * random.NextDouble(), 116.38 + 0.04 * random.NextDouble()),
        };
        IndexOp Query()
        {
            var (lat, lon) = Place();
            var radius = new[] { 500.0, 5_000, 50_000, double.PositiveInfinity }[random.Next(4)];
            var required = (ulong)random.Next(16) & (ulong)random.Next(16);
            return random.Next(3) == 0
                ? new WithinOp(lat, lon, required, Math.Min(radius, 200_000))
                : new NearestOp(lat, lon, 1 + random.Next(20), required, radius, random.Next(2) * 3);
        }
        var queries = Enumerable.Range(0, 60).Select(_ => Query()).ToArray();
        for (var i = 0; i < 4000; i++)
        {
            var (lat, lon) = Place();
            yield return new UpsertOp(random.Next(3000), lat, lon, (ulong)random.Next(16));
            if (random.Next(10) == 0) yield return new RemoveOp(random.Next(3000));
            if (i % 97 == 0) yield return queries[i / 97 % queries.Length];
        }
        foreach (var query in queries) yield return query;
        yield return new CompactOp();
        foreach (var query in queries) yield return query;
    }
}
