using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Storage;
using Mobilize.Benchmarks.Flow;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Mobilize.Silo.Hosting;
using Mobilize.Silo.Reminders;
using Mobilize.Silo.Storage;
using Mobilize.TestKit;

namespace Mobilize.Benchmarks.Cluster;

/// <summary><c>cluster-directory [silos] [teams] [members] [reports/s] [seconds] [move-window-ms]</c>: a cluster of
/// silos in this process (Orleans' <c>InProcessTestCluster</c>, the wall clock, grain state in memory) takes location
/// reports at a paced rate from callers spread over the silos, while a sampler watches a few hundred teams in every
/// silo's directory replica: the delay from a team's new version first showing in one replica (the silo it is active
/// on applies its own changes at once) to its showing in each other replica is the staleness.</summary>
/// <remarks>The sampler reads each replica every <see cref="PollInterval"/>, so delays are measured to about that; a
/// version replaced by a newer one before a replica showed it counts as seen when the newer one is (it was folded).</remarks>
public static class DirectoryStalenessProbe
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);
    private const int SampledTeams = 300;

    public static void Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task RunAsync(string[] args)
    {
        var silos = args.Length > 0 ? short.Parse(args[0]) : (short)3;
        var teams = args.Length > 1 ? int.Parse(args[1]) : 5_000;
        var members = args.Length > 2 ? int.Parse(args[2]) : 5;
        var rate = args.Length > 3 ? int.Parse(args[3]) : 50_000;
        var seconds = args.Length > 4 ? int.Parse(args[4]) : 20;
        var window = TimeSpan.FromMilliseconds(args.Length > 5 ? int.Parse(args[5]) : (int)new ReadinessOptions().MoveCoalescingWindow.TotalMilliseconds);
        Console.WriteLine($"load average before setup: {FlowWorld.LoadAverage()}");
        Console.WriteLine($"garbage collector: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} (DOTNET_gcServer=1 for the Api's)");
        Console.WriteLine($"{silos} silos, {teams:N0} teams x {members}, {rate:N0} reports/s for {seconds} s, move window {window.TotalMilliseconds} ms, " +
                          $"flush interval {new DispatchOptions().DirectoryFlushInterval.TotalMilliseconds} ms");

        var storage = new InMemoryGrainStorage();
        // Incidents' deadline reminders need a table; none fires here.
        var reminders = Directory.CreateTempSubdirectory("mobilize-cluster-directory-");
        await using var cluster = await TestCluster.StartAsync(
            silo => silo.AddMobilizeGrains(),
            s =>
            {
                s.AddSingleton<IGrainStorage>(storage);
                s.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, storage);
                s.AddKeyedSingleton<IStoredStateScanner>(StorageNames.Default, storage);
                s.Configure<ReadinessOptions>(o => o.MoveCoalescingWindow = window);
                s.AddReminderTable((_, serviceId) => new SqliteReminderTable(
                    Path.Combine(reminders.FullName, SqliteGrainStorageOptions.DatabaseFileName), SqliteSynchronousMode.Normal, serviceId));
            },
            time: TimeProvider.System, silos: silos);
        var factories = cluster.SiloServices.Select(s => s.GetRequiredService<IGrainFactory>()).ToList();
        await FlowWorld.CreateBeijingAsync(factories[0]);
        var (volunteers, teamIds) = await FlowWorld.PopulateAsync(factories, teams, members);
        var hosts = await cluster.ActivationSilosAsync("team");
        Console.WriteLine("team activations per silo: " + string.Join(", ", cluster.SiloAddresses.Select((a, i) =>
            $"silo {i} {hosts.Values.Count(h => h.Contains(a)):N0}")));
        var replicas = cluster.SiloServices.Select(s => s.GetRequiredService<IDispatchDirectory>()).ToArray();
        Console.WriteLine("teams per replica after setup: " + string.Join(", ", replicas.Select(r => r.Count.ToString("N0"))));

        var random = new Random(11);
        var sampled = teamIds.OrderBy(_ => random.Next()).Take(SampledTeams).ToArray();
        var sampler = new Sampler(replicas, sampled);
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(() => sampler.Run(stop.Token));

        Console.WriteLine($"load average before measuring: {FlowWorld.LoadAverage()}");
        await Load(factories, volunteers, rate, TimeSpan.FromSeconds(3)); // warm-up: JIT, first reports, windows opening
        sampler.Reset();
        var watch = Stopwatch.StartNew();
        var reports = await Load(factories, volunteers, rate, TimeSpan.FromSeconds(seconds));
        var elapsed = watch.Elapsed;
        var loadDuring = FlowWorld.LoadAverage();
        // Let changes made in the last flush land before the sampler stops counting.
        await Task.Delay(TimeSpan.FromSeconds(1) + window);
        await stop.CancelAsync();
        await sampling;

        var delays = sampler.Delays.Order().ToArray();
        Console.WriteLine($"location reports: {reports:N0} in {elapsed.TotalSeconds:F1} s = {reports / elapsed.TotalSeconds:N0}/s (asked {rate:N0}/s); load average {loadDuring}");
        Console.WriteLine($"sampled changes seen in another replica: {delays.Length:N0} (of {sampler.Versions:N0} new versions on {SampledTeams} teams; {sampler.Missing:N0} never seen elsewhere)");
        Console.WriteLine($"staleness ms: p50 {Ms(delays, 0.50)}, p90 {Ms(delays, 0.90)}, p99 {Ms(delays, 0.99)}, p99.9 {Ms(delays, 0.999)}, max {(delays.Length > 0 ? delays[^1].ToString("F1") : "-")}");
        var gaps = sampler.PollGaps.Order().ToArray();
        Console.WriteLine($"sampler poll gaps ms (due every {PollInterval.TotalMilliseconds} ms): p50 {Ms(gaps, 0.50)}, p99 {Ms(gaps, 0.99)}, max {(gaps.Length > 0 ? gaps[^1].ToString("F1") : "-")}");
        var p99 = FlowWorld.Percentile(delays, 0.99);
        Console.WriteLine($"target p99 <= 500 ms at >= 50,000 reports/s: p99 {(p99 <= 500 ? "met" : "NOT met")}, rate {(reports / elapsed.TotalSeconds >= 50_000 ? "met" : "NOT met")}");
        Console.WriteLine("teams per replica at the end: " + string.Join(", ", replicas.Select(r => r.Count.ToString("N0"))));
        await cluster.StopAsync();
        reminders.Delete(recursive: true);
    }

    private static string Ms(double[] sorted, double q) => FlowWorld.Percentile(sorted, q).ToString("F1");

    /// <summary>Reports places for the volunteers in turn at <paramref name="rate"/> a second for <paramref name="duration"/>,
    /// each caller through the silo of its number; returns how many were reported.</summary>
    private static async Task<long> Load(IReadOnlyList<IGrainFactory> factories, VolunteerId[] volunteers, int rate, TimeSpan duration)
    {
        const int callers = 256;
        var grains = factories.Select(f => volunteers.Select(v => f.Volunteer(v)).ToArray()).ToArray();
        long next = -1;
        var total = (long)(rate * duration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
            {
                // Paced: report i is due i / rate seconds after the start; a caller that is early waits for it.
                var due = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.FromMilliseconds(1)) await Task.Delay(due);
                var volunteer = grains[c % grains.Length][i % volunteers.Length];
                if ((await volunteer.ReportLocation(new LocationReport(FlowWorld.Place(random), DateTimeOffset.UtcNow, 15))).Refusal is { } refusal)
                    throw new InvalidOperationException(refusal.Message);
            }
        })));
        return Math.Min(Interlocked.Read(ref next), total);
    }

    /// <summary>Watches the sampled teams' versions in every replica.</summary>
    /// <remarks>Per team, the versions seen somewhere and not yet everywhere, oldest first, each with when it was first
    /// seen; per replica, how many of them it has shown. A replica showing a version has shown every older one too.</remarks>
    private sealed class Sampler(IDispatchDirectory[] replicas, TeamId[] teams)
    {
        private readonly List<(long Version, long At)>[] _open = [.. teams.Select(_ => new List<(long, long)>())];
        private readonly int[,] _shown = new int[teams.Length, replicas.Length];
        private readonly long[] _seen = new long[replicas.Length];
        private readonly long[] _newest = new long[teams.Length];
        private readonly List<double> _delays = [];
        private readonly List<double> _gaps = [];
        private long _lastPoll;
        private volatile bool _reset;

        /// <summary>Milliseconds between polls due every <see cref="PollInterval"/>: how late this process gets to a
        /// timer under the load, the same lateness the replicator's flush timer sees.</summary>
        public IReadOnlyList<double> PollGaps => _gaps;

        public IReadOnlyList<double> Delays => _delays;

        public long Versions { get; private set; }

        public long Missing { get; private set; }

        public void Reset() => _reset = true;

        public async Task Run(CancellationToken stop)
        {
            using var timer = new PeriodicTimer(PollInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop)) Poll();
            }
            catch (OperationCanceledException)
            {
            }
            for (var t = 0; t < teams.Length; t++)
            for (var r = 0; r < replicas.Length; r++)
                Missing += _open[t].Count - _shown[t, r];
        }

        private void Poll()
        {
            if (_reset)
            {
                _delays.Clear();
                _gaps.Clear();
                Versions = 0;
                _reset = false;
            }
            var now = Stopwatch.GetTimestamp();
            if (_lastPoll != 0) _gaps.Add(Stopwatch.GetElapsedTime(_lastPoll, now).TotalMilliseconds);
            _lastPoll = now;
            for (var t = 0; t < teams.Length; t++)
            {
                var newest = 0L;
                for (var r = 0; r < replicas.Length; r++) newest = Math.Max(newest, _seen[r] = replicas[r].VersionOf(teams[t]));
                var open = _open[t];
                if (newest > _newest[t])
                {
                    _newest[t] = newest;
                    Versions++;
                    open.Add((newest, now));
                    // Every replica but the one it appeared on that shows it already took it within one poll.
                    var already = -1;
                    for (var r = 0; r < replicas.Length; r++)
                        if (_seen[r] >= newest) already++;
                    for (var i = 0; i < already; i++) _delays.Add(0);
                    for (var r = 0; r < replicas.Length; r++)
                        if (_seen[r] >= newest) _shown[t, r] = open.Count;
                }
                var settled = int.MaxValue;
                for (var r = 0; r < replicas.Length; r++)
                {
                    while (_shown[t, r] < open.Count && open[_shown[t, r]].Version <= _seen[r])
                        _delays.Add(Stopwatch.GetElapsedTime(open[_shown[t, r]++].At, now).TotalMilliseconds);
                    settled = Math.Min(settled, _shown[t, r]);
                }
                if (settled == 0) continue;
                open.RemoveRange(0, settled);
                for (var r = 0; r < replicas.Length; r++) _shown[t, r] -= settled;
            }
        }
    }
}
