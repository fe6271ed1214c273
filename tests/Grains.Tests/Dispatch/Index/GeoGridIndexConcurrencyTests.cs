using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch.Index;

public sealed class GeoGridIndexConcurrencyTests
{
    private const int Writers = 3, Readers = 2, Keys = 3_000, OpsPerWriter = 20_000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void concurrent_writers_and_readers_leave_exactly_the_last_write_per_key(bool background)
    {
        var index = new GeoGridIndex<int>(new GeoGridIndexOptions { CompactAfterChanges = 300, CompactAfterFraction = 0.05, CompactInBackground = background });
        var models = new Dictionary<int, UpsertOp>[Writers];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var queriesRun = 0;
        var writersLeft = Writers;
        using var start = new Barrier(Writers + Readers);

        var threads = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                models[w] = Write(index, w, failures);
            }
            finally
            {
                Interlocked.Decrement(ref writersLeft);
            }
        })).Concat(Enumerable.Range(0, Readers).Select(r => new Thread(() =>
        {
            var random = new Random(100 + r);
            start.SignalAndWait();
            // Read at least a little after the writers are done too, so a reader that was starved still checks something.
            do
            {
                Read(index, random, failures);
                Interlocked.Increment(ref queriesRun);
            } while (Volatile.Read(ref writersLeft) > 0);
        }))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(failures);
        Assert.True(queriesRun >= Readers);
        var expected = models.SelectMany(m => m).ToDictionary(kv => kv.Key, kv => kv.Value);
        AssertHolds(index, expected);
        index.Compact();
        AssertHolds(index, expected);
        Assert.True(index.Compactions > 1);
        Assert.Null(index.LastCompactionFailure);
    }

    private static Dictionary<int, UpsertOp> Write(GeoGridIndex<int> index, int writer, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        var random = new Random(writer);
        var model = new Dictionary<int, UpsertOp>();
        for (var i = 0; i < OpsPerWriter; i++)
        {
            // Keys are partitioned by writer, so each writer alone knows the last write to its keys.
            var key = random.Next(Keys / Writers) * Writers + writer;
            if (random.Next(7) == 0)
            {
                if (index.Remove(key) != model.Remove(key)) failures.Enqueue($"remove {key} disagreed");
                if (i % 10 == 0 && index.WithinRadius(39.9, 116.4, double.PositiveInfinity, CapabilitySet.Empty).Any(n => n.Key == key))
                    failures.Enqueue($"removed {key} still found");
                continue;
            }
            var op = new UpsertOp(key, 39.4 + 1.7 * random.NextDouble(), 115.4 + 2.1 * random.NextDouble(), (ulong)random.Next(16));
            index.Upsert(key, op.Lat, op.Lon, new CapabilitySet(op.Mask));
            model[key] = op;
            if (i % 10 == 0 && !index.WithinRadius(op.Lat, op.Lon, 1, new CapabilitySet(op.Mask)).Any(n => n.Key == key))
                failures.Enqueue($"upserted {key} not found right after");
        }
        return model;
    }

    private static void Read(GeoGridIndex<int> index, Random random, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        double lat = 39.4 + 1.7 * random.NextDouble(), lon = 115.4 + 2.1 * random.NextDouble();
        var required = new CapabilitySet((ulong)random.Next(16) & (ulong)random.Next(16));
        var radius = random.Next(2) == 0 ? 5_000 : double.PositiveInfinity;
        var found = random.Next(3) == 0 ? index.WithinRadius(lat, lon, Math.Min(radius, 20_000), required) : index.Nearest(lat, lon, 10, required, radius);
        if (found.Select(n => n.Key).Distinct().Count() != found.Count) failures.Enqueue("a key came back twice");
        for (var i = 0; i < found.Count; i++)
        {
            var n = found[i];
            if (!n.Capabilities.IsSupersetOf(required)) failures.Enqueue($"{n.Key} lacks a required capability");
            if (n.DistanceMeters > radius) failures.Enqueue($"{n.Key} is beyond the radius");
            if (n.DistanceMeters != new GeoPoint(lat, lon).DistanceMetersTo(new GeoPoint(n.Latitude, n.Longitude))) failures.Enqueue($"{n.Key} has a wrong distance");
            if (i > 0 && (found[i - 1].DistanceMeters, found[i - 1].Key).CompareTo((n.DistanceMeters, n.Key)) >= 0) failures.Enqueue("answers out of order");
        }
    }

    private static void AssertHolds(GeoGridIndex<int> index, Dictionary<int, UpsertOp> expected)
    {
        Assert.Equal(expected.Count, index.Count);
        var all = index.WithinRadius(40, 116, double.PositiveInfinity, CapabilitySet.Empty);
        Assert.Equal(expected.Keys.Order(), all.Select(n => n.Key).Order());
        for (var key = 0; key < Keys; key++)
        {
            Assert.Equal(expected.TryGetValue(key, out var op), index.TryGet(key, out var entry));
            if (op is not null) Assert.Equal(new IndexEntry<int>(key, op.Lat, op.Lon, new CapabilitySet(op.Mask)), entry);
        }
    }
}
