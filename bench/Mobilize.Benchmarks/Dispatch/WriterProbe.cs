using System.Diagnostics;
using Mobilize.Grains.Dispatch.Index;

namespace Mobilize.Benchmarks.Dispatch;

/// <summary>
/// Query latency on one index, idle and while one thread moves entries, in alternating rounds so both conditions see
/// the same machine noise: <c>dispatch-latency writer [points] [queries per phase] [rounds]</c>. Each phase also
/// reports the garbage collections and GC pause time it saw, which is where a query's millisecond tail comes from.
/// </summary>
public static class WriterProbe
{
    public static void Run(string[] args)
    {
        var points = args.Length > 0 ? int.Parse(args[0]) : ProvinceData.DefaultPoints;
        var queries = args.Length > 1 ? int.Parse(args[1]) : 100_000;
        var rounds = args.Length > 2 ? int.Parse(args[2]) : 5;
        // Production options unless a compaction fraction is given, to compare settings.
        var options = args.Length > 3 ? new GeoGridIndexOptions { CompactAfterFraction = double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) } : new GeoGridIndexOptions();
        var data = new ProvinceData(points);
        var t0 = Stopwatch.GetTimestamp();
        var index = data.BuildIndex(options);
        Console.WriteLine($"build {points:N0} (compaction after {options.CompactAfterFraction:P1} changed): {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:N0} ms; " +
                          $"GC: server={System.Runtime.GCSettings.IsServerGC}, latency mode {System.Runtime.GCSettings.LatencyMode}");
        Phase(data, index, queries / 5, writer: true, report: false); // warm-up: tiered JIT, first compactions

        var idle = new List<Figures>();
        var busy = new List<Figures>();
        for (var round = 0; round < rounds; round++)
        {
            idle.Add(Phase(data, index, queries, writer: false, report: true));
            busy.Add(Phase(data, index, queries, writer: true, report: true));
        }
        Console.WriteLine($"check: {Mismatches(data, index)} mismatches against brute force on 200 queries (after the writer stopped)");
        Summary("idle", idle);
        Summary("with writer", busy);
        Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private sealed record Figures(double P50, double P99, double P999, double Max, double UpsertsPerSecond, int Gen0, int Gen1, int Gen2,
        double PauseMs, int Compactions);

    private static Figures Phase(ProvinceData data, GeoGridIndex<int> index, int queries, bool writer, bool report)
    {
        var stop = false;
        var writes = 0L;
        var thread = new Thread(() =>
        {
            for (var i = Random.Shared.Next(data.Moves.Length); !Volatile.Read(ref stop); i = (i + 1) & (data.Moves.Length - 1), writes++)
            {
                var (key, lat, lon) = data.Moves[i];
                index.Upsert(key, lat, lon, new CapabilitySet(data.Mask[key]));
            }
        });
        var (g0, g1, g2, pause, compactions) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), index.Compactions);
        if (writer) thread.Start();
        var start = Stopwatch.GetTimestamp();
        var times = TimedQueries(data, index, queries);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Volatile.Write(ref stop, true);
        if (writer) thread.Join();
        Array.Sort(times);
        var figures = new Figures(At(times, 0.5), At(times, 0.99), At(times, 0.999), times[^1], writes / seconds,
            GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2,
            (GC.GetTotalPauseDuration() - pause).TotalMilliseconds, index.Compactions - compactions);
        if (report) Console.WriteLine($"{(writer ? "writer" : "idle  ")}: {Describe(figures)}");
        if (report && writer) Console.WriteLine($"  last GCs: {LastGc(GCKind.Ephemeral)}; {LastGc(GCKind.FullBlocking)}; {LastGc(GCKind.Background)}");
        return figures;
    }

    /// <summary>Each query's time in microseconds: k = 10 with the filter, unbounded radius, the query points cycled.</summary>
    public static double[] TimedQueries(ProvinceData data, GeoGridIndex<int> index, int queries)
    {
        var times = new double[queries];
        for (var i = 0; i < queries; i++)
        {
            var q = i & (data.QueryLat.Length - 1);
            var t0 = Stopwatch.GetTimestamp();
            index.Nearest(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required, double.PositiveInfinity);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        return times;
    }

    private static int Mismatches(ProvinceData data, GeoGridIndex<int> index)
    {
        // The index has moved away from the generated places; rebuild the oracle's arrays from what it holds.
        var truth = new ProvinceData(data.Count);
        for (var key = 0; key < data.Count; key++)
        {
            index.TryGet(key, out var entry);
            (truth.Lat[key], truth.Lon[key]) = (entry.Latitude, entry.Longitude);
        }
        return Enumerable.Range(0, 200).Count(q =>
            !index.Nearest(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required, double.PositiveInfinity).Select(n => n.Key)
                .SequenceEqual(truth.BruteForce(data.QueryLat[q], data.QueryLon[q], ProvinceData.K, ProvinceData.Required)));
    }

    private static void Summary(string what, List<Figures> runs)
    {
        double Median(Func<Figures, double> f) => runs.Select(f).Order().ElementAt(runs.Count / 2);
        Console.WriteLine($"median of {runs.Count} {what}: p50 {Median(f => f.P50):F2} µs | p99 {Median(f => f.P99):F2} | p99.9 {Median(f => f.P999):F1} | " +
                          $"max {Median(f => f.Max):F0} µs | {Median(f => f.UpsertsPerSecond):N0} upserts/s | GC pause {Median(f => f.PauseMs):F1} ms/phase");
    }

    private static string Describe(Figures f) =>
        $"p50 {f.P50:F2} µs | p99 {f.P99:F2} | p99.9 {f.P999:F1} | max {f.Max:F0} µs | {f.UpsertsPerSecond:N0} upserts/s | " +
        $"GCs {f.Gen0}/{f.Gen1}/{f.Gen2}, pause {f.PauseMs:F1} ms | {f.Compactions} compactions";

    private static string LastGc(GCKind kind)
    {
        var info = GC.GetGCMemoryInfo(kind);
        return $"{kind} gen{info.Generation} #{info.Index} pause {string.Join("+", info.PauseDurations.ToArray().Select(p => p.TotalMilliseconds.ToString("F1")))} ms, " +
               $"promoted {info.PromotedBytes / 1e6:F0} MB, heap {info.HeapSizeBytes / 1e6:F0} MB, compacted {info.Compacted}";
    }

    private static double At(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
