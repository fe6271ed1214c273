using System.Diagnostics;

namespace Mobilize.Benchmarks.Runtime;

/// <summary>Finds the peak call rate with 256 concurrent callers, then times every call at rising numbers of callers
/// and reports latency percentiles per load, marking the first load at or above half the peak.</summary>
/// <remarks>BenchmarkDotNet has no p99. Load is set by the number of closed-loop callers (each awaits its call, then
/// makes the next), so the probe never competes with the runtime for the two cores the way a spinning pacer would.</remarks>
public static class CallLatencyProbe
{
    private static readonly int[] CallerCounts = [1, 2, 4, 8, 16, 32, 64, 128];

    public static void Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task RunAsync(string[] args)
    {
        var awaiting = args.Contains("--awaiting");
        var seconds = args.Contains("--quick") ? 1.0 : 3.0;
        await using var cluster = await BenchCluster.StartAsync();
        await cluster.RunClosedLoop(256, 500, awaiting); // warm up and activate

        var peaks = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            await cluster.RunClosedLoop(256, 4_000, awaiting);
            peaks.Add(256 * 4_000 / watch.Elapsed.TotalSeconds);
        }
        peaks.Sort();
        var peak = peaks[peaks.Count / 2];
        Console.WriteLine($"method: {(awaiting ? "awaits once" : "returns at once")}; peak with 256 callers, median of 5: {peak:N0} calls/s ({string.Join(", ", peaks.Select(p => p.ToString("N0")))})");
        Console.WriteLine("| callers | calls/s | share of peak | p50 µs | p90 µs | p99 µs | p99.9 µs |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        var marked = false;
        foreach (var callers in CallerCounts)
        {
            var (rate, sorted) = await Measure(cluster, callers, seconds, awaiting);
            var mark = !marked && rate >= peak / 2 ? " ← half load" : "";
            marked |= mark.Length > 0;
            Console.WriteLine($"| {callers} | {rate:N0} | {rate / peak:P0} | {P(sorted, 0.5):N1} | {P(sorted, 0.9):N1} | {P(sorted, 0.99):N1} | {P(sorted, 0.999):N1} |{mark}");
        }
    }

    private static async Task<(double Rate, double[] Sorted)> Measure(BenchCluster cluster, int callers, double seconds, bool awaiting)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var grain = cluster.Grains.GetGrain<IPingGrain>(10_000 + c);
            var samples = new List<double>(1 << 16);
            for (var i = 0; Stopwatch.GetTimestamp() < stopAt; i++)
            {
                var before = Stopwatch.GetTimestamp();
                _ = awaiting ? await grain.PingAwaiting(i) : await grain.Ping(i);
                samples.Add(Stopwatch.GetElapsedTime(before).TotalMicroseconds);
            }
            return samples;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = perCaller.SelectMany(s => s).ToArray();
        Array.Sort(all);
        return (all.Length / elapsed, all);
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
