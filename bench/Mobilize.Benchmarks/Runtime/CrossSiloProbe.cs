using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mobilize.Benchmarks.Flow;
using Mobilize.Silo.Hosting;
using Orleans;
using Orleans.Hosting;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Mobilize.Benchmarks.Runtime;

[Alias("mobilize.bench.silo-target")]
public interface ISiloTargetGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task<int> Ping(int value);

    [Alias("Where")]
    Task<SiloAddress> Where();
}

/// <summary>Placed on the silo of whoever calls it first, so a target's silo is chosen by where it is first called from.</summary>
[PreferLocalPlacement]
[GrainType("bench-silo-target")]
public sealed class SiloTargetGrain(ILocalSiloDetails silo) : Grain, ISiloTargetGrain
{
    private int _calls;

    public Task<int> Ping(int value) => Task.FromResult(value + ++_calls);

    public Task<SiloAddress> Where() => Task.FromResult(silo.SiloAddress);
}

[Alias("mobilize.bench.silo-caller")]
public interface ISiloCallerGrain : IGrainWithIntegerKey
{
    [Alias("Where")]
    Task<SiloAddress> Where();

    /// <summary>Calls the target, one awaited call after another, at least once and until <paramref name="stopAt"/> (a
    /// <see cref="Stopwatch"/> timestamp: every silo here shares the process's clock).</summary>
    [Alias("CallUntil")]
    Task<Immutable<float[]>> CallUntil(long target, long stopAt);
}

[PreferLocalPlacement]
[GrainType("bench-silo-caller")]
public sealed class SiloCallerGrain(ILocalSiloDetails silo) : Grain, ISiloCallerGrain
{
    public Task<SiloAddress> Where() => Task.FromResult(silo.SiloAddress);

    public async Task<Immutable<float[]>> CallUntil(long target, long stopAt)
    {
        var grain = GrainFactory.GetGrain<ISiloTargetGrain>(target);
        var micros = new List<float>(1 << 16);
        // At least one call, so a deadline already past still places the target.
        do
        {
            var before = Stopwatch.GetTimestamp();
            await grain.Ping(micros.Count);
            micros.Add((float)Stopwatch.GetElapsedTime(before).TotalMicroseconds);
        } while (Stopwatch.GetTimestamp() < stopAt);
        // Immutable: the samples go back to a caller on this silo, and Orleans would otherwise deep-copy them.
        return micros.ToArray().AsImmutable();
    }
}

/// <summary>
/// <c>runtime-cross-silo [seconds] [rounds] [callers…]</c>: a grain-to-grain call whose target lives on the caller's
/// silo against one whose target lives on another silo of the same cluster, two silos in one process. Caller grains
/// all live on silo A; each has its own target, on A or on B, and makes one awaited call after another. Rounds
/// alternate between the two so both see the same load. It runs twice: on <see cref="InProcessTestCluster"/> (as the
/// tests do), and on two silo hosts clustered over loopback TCP (as two processes would be, minus the network).
/// </summary>
/// <remarks>Where every caller and target lives is checked before measuring (each reports the address of the silo
/// that activated it), and the TCP socket ends on the silos' ports are counted from <c>/proc/net/tcp</c>, which shows
/// that <see cref="InProcessTestCluster"/> in Orleans 10.4.2 connects its silos in memory, not over sockets.</remarks>
public static class CrossSiloProbe
{
    private const long LocalTargets = 1_000_000;
    private const long RemoteTargets = 2_000_000;

    public static void Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        int[] callerCounts = args.Length > 2 ? args.Skip(2).Select(int.Parse).ToArray() : [1, 8, 64];
        Console.WriteLine($"load average at start: {FlowWorld.LoadAverage()}");
        Console.WriteLine($"garbage collector: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} (DOTNET_gcServer=1 for the Api's)");
        await using (var inProcess = await TwoSilos.InProcessTestClusterAsync())
            await Measure(inProcess, seconds, rounds, callerCounts);
        await using (var loopback = await TwoSilos.LoopbackTcpAsync())
            await Measure(loopback, seconds, rounds, callerCounts);
    }

    private static async Task Measure(TwoSilos silos, double seconds, int rounds, int[] callerCounts)
    {
        Console.WriteLine();
        Console.WriteLine($"## {silos.Name}: silo A {silos.A}, silo B {silos.B}");
        var most = callerCounts.Max();
        await Place(silos.FromA, silos.FromB, most, silos.A, silos.B);
        Console.WriteLine($"established TCP socket ends on the silos' ports: {SiloConnections(silos.A, silos.B)}");

        // Warm-up: tiered JIT, directory caches on silo A for every remote target.
        await Round(silos.FromA, most, LocalTargets, Stopwatch.GetTimestamp() + Stopwatch.Frequency);
        await Round(silos.FromA, most, RemoteTargets, Stopwatch.GetTimestamp() + Stopwatch.Frequency);
        Console.WriteLine($"load average before measuring: {FlowWorld.LoadAverage()}");

        Console.WriteLine("| callers | target | calls/s (median round) | rounds | p50 µs | p90 µs | p99 µs | p99.9 µs | mean µs | calls per caller |");
        Console.WriteLine("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|");
        var summary = new List<string>();
        foreach (var callers in callerCounts)
        {
            var local = new List<Measured>();
            var remote = new List<Measured>();
            for (var round = 0; round < rounds; round++)
            {
                local.Add(await Round(silos.FromA, callers, LocalTargets, Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency)));
                remote.Add(await Round(silos.FromA, callers, RemoteTargets, Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency)));
            }
            var l = Row(callers, "same silo (A → A)", local);
            var r = Row(callers, "other silo (A → B)", remote);
            summary.Add($"{callers} caller(s): cross-silo / same-silo calls/s {r.Rate / l.Rate:P0}, p50 {P(r.Sorted, 0.5) / P(l.Sorted, 0.5):F1}x, " +
                        $"p99 {P(r.Sorted, 0.99) / P(l.Sorted, 0.99):F1}x");
        }
        foreach (var line in summary) Console.WriteLine(line);
        Console.WriteLine($"established TCP socket ends on the silos' ports after the runs: {SiloConnections(silos.A, silos.B)}");
        Console.WriteLine($"load average at the end: {FlowWorld.LoadAverage()}");
    }

    /// <summary>Callers on A, local targets activated by their first call from A, remote targets activated from B first;
    /// then every grain is asked where it lives, and a wrong placement stops the probe.</summary>
    private static async Task Place(IGrainFactory fromA, IGrainFactory fromB, int count, SiloAddress a, SiloAddress b)
    {
        var remote = await Task.WhenAll(Enumerable.Range(0, count).Select(c => fromB.GetGrain<ISiloTargetGrain>(RemoteTargets + c).Where()));
        var callers = await Task.WhenAll(Enumerable.Range(0, count).Select(c => fromA.GetGrain<ISiloCallerGrain>(c).Where()));
        await Round(fromA, count, LocalTargets, Stopwatch.GetTimestamp()); // the callers' first calls place their local targets
        var local = await Task.WhenAll(Enumerable.Range(0, count).Select(c => fromA.GetGrain<ISiloTargetGrain>(LocalTargets + c).Where()));
        var misplaced = callers.Count(s => !s.Equals(a)) + local.Count(s => !s.Equals(a)) + remote.Count(s => !s.Equals(b));
        Console.WriteLine($"placement: {callers.Count(s => s.Equals(a))}/{count} callers on A, {local.Count(s => s.Equals(a))}/{count} same-silo targets on A, " +
                          $"{remote.Count(s => s.Equals(b))}/{count} other-silo targets on B");
        if (misplaced > 0) throw new InvalidOperationException($"{misplaced} grains are not where the comparison needs them.");
    }

    /// <summary>One round: the calls' latencies pooled and sorted, and how many calls the busiest and the idlest caller
    /// made, since pooled percentiles weigh a caller by its calls and would hide callers left waiting.</summary>
    private sealed record Measured(double Rate, float[] Sorted, int FewestCalls, int MostCalls);

    private static async Task<Measured> Round(IGrainFactory fromA, int callers, long targets, long stopAt)
    {
        var started = Stopwatch.GetTimestamp();
        var samples = await Task.WhenAll(Enumerable.Range(0, callers).Select(c => fromA.GetGrain<ISiloCallerGrain>(c).CallUntil(targets + c, stopAt)));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = samples.SelectMany(s => s.Value).ToArray();
        Array.Sort(all);
        return new Measured(all.Length / elapsed, all, samples.Min(s => s.Value.Length), samples.Max(s => s.Value.Length));
    }

    private static Measured Row(int callers, string target, List<Measured> rounds)
    {
        var median = rounds.OrderBy(r => r.Rate).ElementAt(rounds.Count / 2);
        var s = median.Sorted;
        Console.WriteLine($"| {callers} | {target} | {median.Rate:N0} | {string.Join(" · ", rounds.Select(r => r.Rate.ToString("N0")))} | " +
                          $"{P(s, 0.5):N1} | {P(s, 0.9):N1} | {P(s, 0.99):N1} | {P(s, 0.999):N1} | {s.Average(v => (double)v):N1} | " +
                          $"{median.FewestCalls:N0}–{median.MostCalls:N0} |");
        return median;
    }

    private static double P(float[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>Established TCP socket ends (IPv4 and IPv6) on either silo's port: a connection between the two silos in
    /// this process shows twice, once from each end.</summary>
    private static int SiloConnections(SiloAddress a, SiloAddress b)
    {
        var ports = new HashSet<int> { a.Endpoint.Port, b.Endpoint.Port };
        var count = 0;
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file)) continue;
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 4 || fields[3] != "01") continue; // 01 = ESTABLISHED
                var local = int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber);
                var remote = int.Parse(fields[2].Split(':')[1], NumberStyles.HexNumber);
                if (ports.Contains(local) || ports.Contains(remote)) count++;
            }
        }
        return count;
    }
}

/// <summary>Two silos of one cluster in this process, and each one's own grain factory.</summary>
internal sealed class TwoSilos : IAsyncDisposable
{
    private readonly Func<Task> _stop;

    private TwoSilos(string name, IServiceProvider a, IServiceProvider b, Func<Task> stop)
    {
        Name = name;
        A = a.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        B = b.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        // Calls from a silo's own grain factory are placed (PreferLocal) on that silo, as the co-hosted Api's are.
        FromA = a.GetRequiredService<IGrainFactory>();
        FromB = b.GetRequiredService<IGrainFactory>();
        _stop = stop;
    }

    public string Name { get; }
    public SiloAddress A { get; }
    public SiloAddress B { get; }
    public IGrainFactory FromA { get; }
    public IGrainFactory FromB { get; }

    public static async Task<TwoSilos> InProcessTestClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.InitializeClientOnDeploy = false;
        // Otherwise each silo writes a log file into ./logs of whatever folder the probe runs from.
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TwoSilos("InProcessTestCluster", cluster.Silos[0].ServiceProvider, cluster.Silos[1].ServiceProvider, async () =>
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        });
    }

    /// <summary>Two hosts as <see cref="BenchCluster"/> starts one, the second joining the first (development clustering,
    /// A as primary), so silo-to-silo messages go through Orleans' socket transport on 127.0.0.1.</summary>
    public static async Task<TwoSilos> LoopbackTcpAsync()
    {
        var primary = new IPEndPoint(IPAddress.Loopback, FreePort.Loopback());
        var a = await StartHost(primary.Port, primary);
        var b = await StartHost(FreePort.Loopback(), primary);
        // Both must see both as active before calls cross, or directory lookups would go to a partial ring.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (new[] { a, b }.Any(h => h.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < 2))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The two silos did not see each other within 60 s.");
            await Task.Delay(100);
        }
        return new TwoSilos("two silo hosts over loopback TCP", a.Services, b.Services, async () =>
        {
            await b.StopAsync();
            await a.StopAsync();
            b.Dispose();
            a.Dispose();
        });
    }

    private static async Task<IHost> StartHost(int siloPort, IPEndPoint primary)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: FreePort.Loopback(), primarySiloEndpoint: primary));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync() => await _stop();
}
