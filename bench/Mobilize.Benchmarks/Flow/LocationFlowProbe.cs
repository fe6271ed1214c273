using System.Diagnostics;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Benchmarks.Runtime;
using Mobilize.Grains;
using Mobilize.Grains.Readiness;

namespace Mobilize.Benchmarks.Flow;

/// <summary><c>flow-locations [teams] [members] [rounds] [callers]</c>: every volunteer reports a new place once per round
/// through <see cref="Grains.Registry.IVolunteerGrain.ReportLocation"/>, from closed-loop callers; rounds alternate with
/// an empty-grain baseline round over as many keys, so the ratio sees the same machine load.</summary>
/// <remarks>A location report is kept in the volunteer's memory and forwarded one-way to each of its teams (which update
/// the dispatch index); it is not written to storage per report, so this measures the runtime, the grains and the
/// index, not SQLite.</remarks>
public static class LocationFlowProbe
{
    public static void Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task RunAsync(string[] args)
    {
        var teams = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var members = args.Length > 1 ? int.Parse(args[1]) : 5;
        var rounds = args.Length > 2 ? int.Parse(args[2]) : 7;
        var callers = args.Length > 3 ? int.Parse(args[3]) : 256;
        var inTeams = !args.Contains("--no-teams");
        Console.WriteLine($"load average before setup: {FlowWorld.LoadAverage()}");
        // The Api runs server GC (the Web SDK's default); a probe on workstation GC measures another configuration.
        Console.WriteLine($"garbage collector: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} (DOTNET_gcServer=1 for the Api's)");
        await using var world = await FlowWorld.StartAsync();
        await world.PopulateAsync(teams, members, inTeams: inTeams);
        using var writes = new FlowWorld.StoreWrites();
        var volunteers = world.Volunteers.Select(v => world.Grains.Volunteer(v)).ToArray();
        var pings = Enumerable.Range(0, volunteers.Length).Select(i => world.Grains.GetGrain<IPingGrain>(i)).ToArray();

        await ReportRound(volunteers, callers, 0); // warm-up: JIT, first reports
        await PingRound(pings, callers);
        Console.WriteLine($"load average before measuring: {FlowWorld.LoadAverage()}");
        Console.WriteLine($"{volunteers.Length:N0} volunteers, {callers} closed-loop callers, {rounds} rounds");
        Console.WriteLine("| round | reports/s | empty grain calls/s | ratio | load avg |");
        Console.WriteLine("|---:|---:|---:|---:|---|");
        var writesBefore = writes.Count;
        var reportRates = new List<double>();
        var pingRates = new List<double>();
        for (var r = 1; r <= rounds; r++)
        {
            var reports = volunteers.Length / (await ReportRound(volunteers, callers, r)).TotalSeconds;
            var calls = pings.Length / (await PingRound(pings, callers)).TotalSeconds;
            reportRates.Add(reports);
            pingRates.Add(calls);
            Console.WriteLine($"| {r} | {reports:N0} | {calls:N0} | {reports / calls:P0} | {FlowWorld.LoadAverage()} |");
        }
        Console.WriteLine($"grain-state writes committed during the measured rounds: {writes.Count - writesBefore:N0} for {rounds * volunteers.Length:N0} reports");
        // Per round, before sorting: each ratio compares two runs under the same load.
        var ratios = reportRates.Zip(pingRates).Select(p => p.First / p.Second).Order().ToList();
        reportRates.Sort();
        pingRates.Sort();
        var median = reportRates[reportRates.Count / 2];
        var ratio = ratios[ratios.Count / 2];
        Console.WriteLine($"median: {median:N0} location reports/s (min {reportRates[0]:N0}, max {reportRates[^1]:N0}); " +
                          $"empty grain calls {pingRates[pingRates.Count / 2]:N0}/s; median ratio {ratio:P0}; " +
                          $"targets ≥ 150,000/s {(median >= 150_000 ? "met" : "NOT met")}, ≥ 40 % of an empty call {(ratio >= 0.4 ? "met" : "NOT met")}");

        // The last report must be what the grain keeps: proves the calls did the real work.
        var status = (await volunteers[^1].GetStatus()).ValueOrThrow();
        Console.WriteLine($"check: last volunteer's kept location reported at {status.Location?.ReportedAt:O}, fresh={status.LocationFresh}");
    }

    internal static async Task<TimeSpan> ReportRound(Mobilize.Grains.Registry.IVolunteerGrain[] volunteers, int callers, int round)
    {
        var random = new Random(round);
        var reports = new LocationReport[volunteers.Length];
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < reports.Length; i++) reports[i] = new LocationReport(FlowWorld.Place(random), at, 15);
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < volunteers.Length; i = Interlocked.Increment(ref next))
                if ((await volunteers[i].ReportLocation(reports[i])).Refusal is { } refusal)
                    throw new InvalidOperationException(refusal.Message);
        })));
        return watch.Elapsed;
    }

    internal static async Task<TimeSpan> PingRound(IPingGrain[] grains, int callers)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < grains.Length; i = Interlocked.Increment(ref next))
                await grains[i].Ping(i);
        })));
        return watch.Elapsed;
    }
}
