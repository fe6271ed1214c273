using System.Collections.Concurrent;
using System.Diagnostics;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Benchmarks.Flow;

/// <summary><c>flow-callout [rate] [seconds] [teams] [members]</c>: an open loop of <c>IIncidentGrain.Create</c> at a fixed
/// rate, at random places in Beijing, each timed until its task completes.</summary>
/// <remarks>Create returns only after the incident's state, holding the offers of the first wave, was written through
/// the group-commit SQLite store (synchronous FULL); the teams hear of their offers one-way afterwards, so the teams'
/// own copies are not inside the measured time. Latency is taken from the scheduled issue time, so a late pacer or a
/// stalled process counts against the system (no coordinated omission); the delay from issue alone is shown too.</remarks>
public static class CalloutLatencyProbe
{
    public static void Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task RunAsync(string[] args)
    {
        var rate = args.Length > 0 ? double.Parse(args[0]) : 200;
        var seconds = args.Length > 1 ? double.Parse(args[1]) : 20;
        var teams = args.Length > 2 ? int.Parse(args[2]) : 3_000;
        var members = args.Length > 3 ? int.Parse(args[3]) : 3;
        Console.WriteLine($"load average before setup: {FlowWorld.LoadAverage()}");
        // The Api runs server GC (the Web SDK's default); a probe on workstation GC measures another configuration.
        Console.WriteLine($"garbage collector: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} (DOTNET_gcServer=1 for the Api's)");
        await using var world = await FlowWorld.StartAsync();
        await world.PopulateAsync(teams, members);
        await world.SavePlanAsync("flood", teamsPerIncident: 1, radiusMeters: 10_000);

        // Off to the pool: the code after a grain call's await can resume inside the activation that answered it (its
        // SynchronizationContext), and Paced blocks; blocking there would stall that grain (seen: every create timed out).
        var warm = await Task.Run(() => Paced(world, "warm", rate, 3));
        Console.WriteLine($"warm-up: {warm.Count} creates, p50 {FlowWorld.Percentile(warm.FromSchedule, 0.5):F1} ms");
        Console.WriteLine($"load average before measuring: {FlowWorld.LoadAverage()}");
        var run = await Task.Run(() => Paced(world, "run", rate, seconds));
        Console.WriteLine($"load average after measuring: {FlowWorld.LoadAverage()}");
        Console.WriteLine($"{run.Count:N0} creates scheduled at {rate}/s for {seconds} s; issued at {run.IssueRate:F1}/s, completed at {run.CompletionRate:F1}/s; " +
                          $"{run.WithOffers:N0} returned with offers ({run.Offers:N0} offers in all), {run.Failed} failed");
        Console.WriteLine("| clock | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("scheduled time → Create returned", run.FromSchedule);
        Row("issue → Create returned", run.FromIssue);
        var p99 = FlowWorld.Percentile(run.FromSchedule, 0.99);
        Console.WriteLine($"target p99 ≤ 50 ms at {rate}/s: {(p99 <= 50 && run.CompletionRate >= rate * 0.97 ? "met" : "NOT met")} (p99 {p99:F1} ms)");
    }

    private static void Row(string name, double[] sorted) =>
        Console.WriteLine($"| {name} | {FlowWorld.Percentile(sorted, 0.5):F1} | {FlowWorld.Percentile(sorted, 0.9):F1} | {FlowWorld.Percentile(sorted, 0.99):F1} | " +
                          $"{FlowWorld.Percentile(sorted, 0.999):F1} | {sorted[^1]:F1} |");

    private sealed record Result(int Count, double[] FromSchedule, double[] FromIssue, double IssueRate, double CompletionRate, int WithOffers, int Offers, int Failed);

    /// <summary>A dedicated thread issues each create at its scheduled time without waiting for earlier ones.</summary>
    private static Result Paced(FlowWorld world, string prefix, double rate, double seconds)
    {
        var count = (int)(rate * seconds);
        var random = new Random(prefix.Length);
        var requests = Enumerable.Range(0, count).Select(_ => new IncidentRequest("flood", FlowWorld.Place(random),
            FlowWorld.Districts[random.Next(FlowWorld.Districts.Length)], 2, false)).ToArray();
        var fromSchedule = new double[count];
        var fromIssue = new double[count];
        var withOffers = 0;
        var offers = 0;
        var failed = 0;
        var tasks = new ConcurrentBag<Task>();
        var ticksPerCreate = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        long lastIssue = 0;
        var pacer = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * ticksPerCreate);
                // Sleep in 1 ms steps, never spin: on two cores a spinning pacer takes CPU from the silo it measures. Each
                // create is issued up to ~1 ms late, and that lateness counts in the latency (the clock starts at `due`).
                while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
                var issued = Stopwatch.GetTimestamp();
                var index = i;
                tasks.Add(world.Grains.Incident(IncidentId.Create($"{prefix}-{i}")).Create(requests[i]).ContinueWith(t =>
                {
                    var done = Stopwatch.GetTimestamp();
                    fromSchedule[index] = Stopwatch.GetElapsedTime(due, done).TotalMilliseconds;
                    fromIssue[index] = Stopwatch.GetElapsedTime(issued, done).TotalMilliseconds;
                    if (t.IsCompletedSuccessfully && t.Result.Value is { } summary)
                    {
                        if (summary.Offers.Length > 0) Interlocked.Increment(ref withOffers);
                        Interlocked.Add(ref offers, summary.Offers.Length);
                    }
                    else if (Interlocked.Increment(ref failed) <= 3)
                        Console.Error.WriteLine($"create {prefix}-{index} failed: {(t.IsCompletedSuccessfully ? t.Result.Refusal?.Code + " " + t.Result.Refusal?.Message : t.Exception?.GetBaseException().ToString())}");
                }, TaskContinuationOptions.ExecuteSynchronously));
                lastIssue = issued;
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "callout pacer" };
        pacer.Start();
        pacer.Join();
        Task.WaitAll([.. tasks]);
        var end = Stopwatch.GetTimestamp();
        Array.Sort(fromSchedule);
        Array.Sort(fromIssue);
        var issueRate = (count - 1) / Stopwatch.GetElapsedTime(start, lastIssue).TotalSeconds;
        var completionRate = count / Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        return new Result(count, fromSchedule, fromIssue, issueRate, completionRate, withOffers, offers, failed);
    }
}
