using System.Diagnostics;

namespace Mobilize.Benchmarks.Runtime;

/// <summary>Finds the peak call rate, then offers half of it open-loop (1 ms batches) and reports latency percentiles.</summary>
/// <remarks>BenchmarkDotNet has no p99 and measures closed loops; an honest tail needs paced load and per-call timing.</remarks>
public static class CallLatencyProbe
{
    public static void Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task RunAsync(string[] args)
    {
        var awaiting = args.Contains("--awaiting");
        var seconds = 5;
        await using var cluster = await BenchCluster.StartAsync();
        await cluster.RunClosedLoop(256, 200, awaiting); // warm up and activate

        var peak = 0.0;
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            await cluster.RunClosedLoop(256, 4_000, awaiting);
            peak = Math.Max(peak, 256 * 4_000 / watch.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"method: {(awaiting ? "awaits once" : "returns at once")}");
        Console.WriteLine($"peak closed-loop throughput: {peak:N0} calls/s (256 callers, best of 3)");

        var rate = peak / 2;
        var perMillisecond = (int)Math.Max(1, rate / 1000);
        var total = perMillisecond * 1000 * seconds;
        var latencies = new double[total];
        var pending = new Task[total];
        var grains = cluster.Grains;
        var refs = Enumerable.Range(0, 1024).Select(i => grains.GetGrain<IPingGrain>(i)).ToArray();
        var tick = Stopwatch.Frequency / 1000;
        var start = Stopwatch.GetTimestamp();
        var issued = 0;
        for (var batch = 0; issued < total; batch++)
        {
            var due = start + batch * tick;
            while (Stopwatch.GetTimestamp() < due) Thread.Yield();
            for (var i = 0; i < perMillisecond && issued < total; i++, issued++)
            {
                var grain = refs[issued % refs.Length];
                pending[issued] = Track(awaiting ? grain.PingAwaiting(i) : grain.Ping(i), latencies, issued);
            }
        }
        await Task.WhenAll(pending);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine($"offered: {rate:N0} calls/s for {seconds} s in 1 ms batches of {perMillisecond}; achieved {total / elapsed:N0} calls/s");
        Console.WriteLine($"latency µs: p50 {P(latencies, 0.50):N1}  p90 {P(latencies, 0.90):N1}  p99 {P(latencies, 0.99):N1}  p99.9 {P(latencies, 0.999):N1}  max {latencies[^1]:N1}");
    }

    private static async Task Track(Task<int> call, double[] latencies, int index)
    {
        var started = Stopwatch.GetTimestamp();
        await call;
        latencies[index] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
