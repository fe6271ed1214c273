using System.Collections.Concurrent;
using System.Diagnostics;
using Mobilize.TestKit.Cluster;
using Xunit.Abstractions;

namespace Mobilize.Cluster.Tests;

/// <summary>SIGTERM one of three silos, as an orchestrator does before it takes a machine away, while phones keep
/// reporting and dashboards keep reading through both Api nodes: the silo hands its grains over and leaves, and not
/// one request fails, not even once, before, during or after.</summary>
public sealed class SiloDrainTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Capability = "first-aid";
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(nameof(SiloDrainTests));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task a_silo_drained_under_load_fails_no_request()
    {
        using var administrator = LocalCluster.AdministratorClient(_cluster.Api(1));
        var province = new Province(administrator);
        var city = await province.CityAsync();
        var teams = await province.TeamsAroundAsync("t", city, 23.10, 113.30, 8, members: 2, Capability);
        var incident = await province.OpenIncidentAsync("typhoon", city, 23.10, 113.30, 4, Capability, TimeSpan.FromMinutes(10));
        var members = teams.SelectMany(t => t.Members).ToList();

        var nodes = _cluster.Apis.Select(a => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = a.Address }).ToList();
        var token = _cluster.Api(1).AdministratorToken();
        var failures = new ConcurrentQueue<string>();
        var counts = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();

        // Every call is sent once: a drain that needs the caller to retry has failed it.
        async Task Loop(string name, Func<int, HttpRequestMessage> request, int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var outcome = await Calls.SendOnceAsync(nodes[(worker + i) % nodes.Count], request(i), TimeSpan.FromSeconds(30));
                counts.AddOrUpdate(name, 1, (_, n) => n + 1);
                if (!outcome.Acknowledged) failures.Enqueue($"{name} #{i} at {outcome.At:HH:mm:ss.fff}: {outcome}");
            }
        }
        var load = new List<Task>();
        for (var w = 0; w < 6; w++)
        {
            var member = members[w];
            var team = teams[w / 2];
            load.Add(Loop("location", i => Calls.Request(HttpMethod.Put, $"/api/volunteers/{member.Id}/location",
                new { latitude = team.Latitude + i * 0.00001, longitude = team.Longitude, accuracyMeters = 10 }, member.Token, Guid.NewGuid().ToString("N")), w));
        }
        load.Add(Loop("registration", i => Calls.Request(HttpMethod.Post, "/api/volunteers",
            Province.Registration(province.Id($"new{i}"), Capability), token, Guid.NewGuid().ToString("N")), 0));
        load.Add(Loop("incident", _ => Calls.Request(HttpMethod.Get, $"/api/incidents/{incident.Id}", token: token), 1));
        for (var w = 0; w < 2; w++)
        {
            var offset = w;
            load.Add(Loop("team", i => Calls.Request(HttpMethod.Get, $"/api/teams/{teams[(i + offset) % teams.Count].Id}", token: token), w));
        }

        // Load first, so the silo holds activations of every kind when it is told to stop.
        await WaitForAsync(() => counts.Values.Sum() >= 200, TimeSpan.FromSeconds(30));
        var before = counts.Values.Sum();
        var drained = await _cluster.DrainSiloAsync(2, TimeSpan.FromSeconds(60));
        var during = counts.Values.Sum() - before;
        await _cluster.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(30));
        // And on, against the two that are left, so calls to grains that moved are among those counted.
        var after = counts.Values.Sum();
        await WaitForAsync(() => counts.Values.Sum() >= after + 200, TimeSpan.FromSeconds(30));
        stop.Cancel();
        await Task.WhenAll(load);

        output.WriteLine($"silo 2 drained in {drained.TotalSeconds:F2} s; {before} calls before, {during} while draining, " +
                         $"{counts.Values.Sum()} in all ({string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}); {failures.Count} failed");
        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed:\n{string.Join("\n", failures.Take(10))}\n{_cluster.Diagnostics()}");
        Assert.True(during > 0, "no call was made while the silo drained");
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > within) throw new TimeoutException($"condition not met within {within}");
            await Task.Delay(50);
        }
    }
}
