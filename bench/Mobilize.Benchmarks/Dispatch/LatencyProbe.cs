using System.Diagnostics;
using Mobilize.Grains.Dispatch.Index;

namespace Mobilize.Benchmarks.Dispatch;

/// <summary>
/// Per-query latency percentiles, which BenchmarkDotNet does not give: <c>dispatch-latency [points] [queries]</c>.
/// Grid and STRtree queries alternate in small blocks so both see the same noise on a shared machine; the ratio
/// between them is the honest figure.
/// </summary>
public static class LatencyProbe
{
    private const int Block = 1_000;

    public static void Run(string[] args)
    {
        if (args is ["writer", .. var rest])
        {
            WriterProbe.Run(rest);
            return;
        }
        var points = args.Length > 0 ? int.Parse(args[0]) : ProvinceData.DefaultPoints;
        var queries = args.Length > 1 ? int.Parse(args[1]) : 200_000;
        var clock = Stopwatch.StartNew();
        var data = new ProvinceData(points);
        Console.WriteLine($"data: {points:N0} points, {Elapsed(clock)}");

        var index = Timed("grid: 1 M upserts into the overlay + first Compact", () => data.BuildIndex());
        Timed("grid: Compact (nothing pending since the build)", () => { index.Compact(); return 0; });
        var tree = new StrTreeNearest(Timed("STRtree: insert + Build", data.BuildStrTree), data.Mask);

        var mismatches = Enumerable.Range(0, 200).Count(q =>
            !index.Nearest(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required, double.PositiveInfinity).Select(n => n.Key)
                .SequenceEqual(data.BruteForce(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required)));
        Console.WriteLine($"check: grid vs brute force on 200 queries, {mismatches} mismatches");

        Func<int, int> grid = q => index.Nearest(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required, double.PositiveInfinity).Count;
        Func<int, int> strTree = q => tree.Nearest(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required).Length;
        Measure(data, queries / 10, grid, strTree); // warm-up: tiered JIT, caches
        var (gridTimes, treeTimes) = Measure(data, queries, grid, strTree);
        Report("grid k=10 filtered", gridTimes);
        Report("STRtree k=10 filtered", treeTimes);
        Console.WriteLine($"ratio STRtree/grid: p50 {Percentile(treeTimes, 0.5) / Percentile(gridTimes, 0.5):F1}x, p99 {Percentile(treeTimes, 0.99) / Percentile(gridTimes, 0.99):F1}x");

        var brute = new double[200];
        for (var q = 0; q < brute.Length; q++)
        {
            var t0 = Stopwatch.GetTimestamp();
            data.BruteForce(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required);
            brute[q] = Micros(t0);
        }
        Report("brute force k=10 filtered (200 queries)", brute);

        // Production options from here on: compaction in the background.
        var production = Timed("grid with production options: 1 M upserts", () => data.BuildIndex(new GeoGridIndexOptions()));
        UpsertRate(data, production, threads: 1);
        UpsertRate(data, production, threads: 2);
        QueriesUnderWrites(data, production, queries);
    }

    private static (double[] Grid, double[] Tree) Measure(ProvinceData data, int queries, Func<int, int> grid, Func<int, int> tree)
    {
        var gridTimes = new double[queries];
        var treeTimes = new double[queries];
        var mask = data.QueryLat.Length - 1;
        for (var start = 0; start < queries; start += Block)
        {
            var end = Math.Min(start + Block, queries);
            for (var i = start; i < end; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                grid(i & mask);
                gridTimes[i] = Micros(t0);
            }
            for (var i = start; i < end; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                tree(i & mask);
                treeTimes[i] = Micros(t0);
            }
        }
        return (gridTimes, treeTimes);
    }

    private static void UpsertRate(ProvinceData data, GeoGridIndex<int> index, int threads)
    {
        const int total = 1 << 20;
        var compactionsBefore = index.Compactions;
        var t0 = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var share = total / threads;
            for (var i = t * share; i < (t + 1) * share; i++)
            {
                var (key, lat, lon) = data.Moves[i];
                index.Upsert(key, lat, lon, new CapabilitySet(data.Mask[key]));
            }
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        var seconds = Micros(t0) / 1e6;
        Console.WriteLine($"upserts, {threads} thread(s): {total / seconds:N0}/s ({total:N0} in {seconds:F2} s, {index.Compactions - compactionsBefore} background compactions started meanwhile)");
    }

    private static void QueriesUnderWrites(ProvinceData data, GeoGridIndex<int> index, int queries)
    {
        var stop = false;
        var writes = 0L;
        var writer = new Thread(() =>
        {
            for (var i = 0; !Volatile.Read(ref stop); i = (i + 1) & (data.Moves.Length - 1), writes++)
            {
                var (key, lat, lon) = data.Moves[i];
                index.Upsert(key, lat, lon, new CapabilitySet(data.Mask[key]));
            }
        });
        writer.Start();
        var t0All = Stopwatch.GetTimestamp();
        var times = WriterProbe.TimedQueries(data, index, queries);
        var seconds = Micros(t0All) / 1e6;
        Volatile.Write(ref stop, true);
        writer.Join();
        Report($"grid k=10 filtered while 1 thread upserts ({writes / seconds:N0} upserts/s)", times);
    }

    private static T Timed<T>(string what, Func<T> action)
    {
        var t0 = Stopwatch.GetTimestamp();
        var result = action();
        Console.WriteLine($"{what}: {Micros(t0) / 1000:N0} ms");
        return result;
    }

    private static void Report(string what, double[] micros)
    {
        Console.WriteLine($"{what}: n={micros.Length:N0} mean {micros.Average():F2} µs | p50 {Percentile(micros, 0.5):F2} | p90 {Percentile(micros, 0.9):F2} | " +
                          $"p99 {Percentile(micros, 0.99):F2} | p99.9 {Percentile(micros, 0.999):F2} | max {micros.Max():F1} µs");
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static double Micros(long start) => Stopwatch.GetElapsedTime(start).TotalMicroseconds;

    private static string Elapsed(Stopwatch clock) => $"{clock.ElapsedMilliseconds:N0} ms";
}
