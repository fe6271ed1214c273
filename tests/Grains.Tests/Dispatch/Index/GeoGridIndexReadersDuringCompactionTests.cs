using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch.Index;

/// <summary>
/// Readers racing a writer's burst and the background compactions it sets off. Teams holding capability bit 0 stay
/// put (the state every reader observes for them is fixed); teams with bit 1 move, vanish and come back all the time.
/// </summary>
public sealed class GeoGridIndexReadersDuringCompactionTests
{
    private const int Staying = 1_500, Moving = 1_500, Gone = 300;
    private static readonly CapabilitySet Stays = CapabilitySet.FromBit(0), Moves = CapabilitySet.FromBit(1);

    [Fact]
    public void readers_during_a_writers_burst_see_every_team_once_never_a_removed_one_and_the_nearest_staying_teams_exactly()
    {
        var index = new GeoGridIndex<int>(new GeoGridIndexOptions { CompactAfterChanges = 200, CompactAfterFraction = 0 });
        var random = new Random(11);
        (double Lat, double Lon) Place() => (39.7 + 0.5 * random.NextDouble(), 116.1 + 0.6 * random.NextDouble());
        var staying = new Dictionary<int, (double Lat, double Lon)>();
        for (var key = 0; key < Staying; key++) index.Upsert(key, (staying[key] = Place()).Lat, staying[key].Lon, Stays);
        for (var key = Staying; key < Staying + Moving + Gone; key++) index.Upsert(key, Place().Lat, Place().Lon, Moves);
        // Teams stood down before any reader starts: no reader may ever find them.
        for (var key = Staying + Moving; key < Staying + Moving + Gone; key++) index.Remove(key);
        var queries = Enumerable.Range(0, 64).Select(_ => Place()).ToArray();

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var writing = true;
        var compactionsAtStart = index.Compactions;
        var writer = new Thread(() =>
        {
            var moves = new Random(12);
            // Keeps writing until background compactions have happened meanwhile, however busy the thread pool is.
            for (var i = 0; i < 60_000 || (index.Compactions - compactionsAtStart < 25 && i < 20_000_000); i++)
            {
                var key = Staying + moves.Next(Moving);
                if (moves.Next(10) == 0 && index.Remove(key)) continue;
                index.Upsert(key, 39.7 + 0.5 * moves.NextDouble(), 116.1 + 0.6 * moves.NextDouble(), Moves);
            }
            Volatile.Write(ref writing, false);
        });
        var readers = Enumerable.Range(0, 2).Select(r => new Thread(() =>
        {
            var rounds = 0;
            do
            {
                var (lat, lon) = queries[rounds++ % queries.Length];
                var all = index.WithinRadius(lat, lon, double.PositiveInfinity, CapabilitySet.Empty);
                if (all.Select(n => n.Key).Distinct().Count() != all.Count) failures.Enqueue("a team came back twice");
                if (all.Count(n => n.Key < Staying) != Staying) failures.Enqueue($"{all.Count(n => n.Key < Staying)} of {Staying} staying teams found");
                if (all.Any(n => n.Key >= Staying + Moving)) failures.Enqueue("a removed team was found");
                var nearest = index.Nearest(lat, lon, 10, Stays, double.PositiveInfinity).Select(n => n.Key);
                if (!nearest.SequenceEqual(BruteForce(staying, lat, lon, 10))) failures.Enqueue("nearest staying teams differ from brute force");
            } while (Volatile.Read(ref writing) || rounds < 10);
        })).ToList();

        writer.Start();
        readers.ForEach(t => t.Start());
        writer.Join();
        readers.ForEach(t => t.Join());

        Assert.Empty(failures.Distinct());
        Assert.True(index.Compactions - compactionsAtStart > 20, $"{index.Compactions - compactionsAtStart} compactions during the burst");
        Assert.Null(index.LastCompactionFailure);
    }

    private static IEnumerable<int> BruteForce(Dictionary<int, (double Lat, double Lon)> teams, double lat, double lon, int k) =>
        teams.Select(t => (t.Key, Distance: new GeoPoint(lat, lon).DistanceMetersTo(new GeoPoint(t.Value.Lat, t.Value.Lon))))
            .OrderBy(t => t.Distance).ThenBy(t => t.Key).Take(k).Select(t => t.Key);
}
