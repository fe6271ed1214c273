using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Benchmarks.Runtime;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Mobilize.Silo.Hosting;

namespace Mobilize.Benchmarks.Flow;

/// <summary>The production silo (<c>AddMobilizeSilo</c>: SQLite, group commit, synchronous FULL) in this process on a
/// temporary data folder, with Beijing's city and districts and teams of registered, on-duty volunteers.</summary>
internal sealed class FlowWorld : IAsyncDisposable
{
    public static readonly OrganisationId Beijing = OrganisationId.Create("bj");
    public static readonly OrganisationId[] Districts =
        [OrganisationId.Create("bj-chaoyang"), OrganisationId.Create("bj-haidian"), OrganisationId.Create("bj-dongcheng")];
    public const string Capability = "water-rescue";

    private readonly IHost _host;
    private readonly string _dataDirectory;

    private FlowWorld(IHost host, string dataDirectory)
    {
        _host = host;
        _dataDirectory = dataDirectory;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public VolunteerId[] Volunteers { get; private set; } = [];

    public TeamId[] Teams { get; private set; } = [];

    public string DataDirectory => _dataDirectory;

    public static async Task<FlowWorld> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "mobilize-flow-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Silo:DataDirectory"] = data;
        // The ping grain is the same-process baseline: what an empty grain call costs under the same load.
        builder.AddMobilizeSilo();
        var host = builder.Build();
        await host.StartAsync();
        var world = new FlowWorld(host, data);
        await CreateBeijingAsync(world.Grains);
        return world;
    }

    /// <summary>Beijing's city and its three districts.</summary>
    public static async Task CreateBeijingAsync(IGrainFactory grains)
    {
        await Org(grains, Beijing, "北京市", OrganisationLevel.City, null);
        foreach (var (id, name) in Districts.Zip(new[] { "朝阳区", "海淀区", "东城区" }))
            await Org(grains, id, name, OrganisationLevel.District, Beijing);
    }

    private static async Task Org(IGrainFactory grains, OrganisationId id, string name, OrganisationLevel level, OrganisationId? parent) =>
        (await grains.Organisation(id).Create(new OrganisationNode(id, name, level, parent, null))).ValueOrThrow();

    /// <summary>A uniform place in the Beijing box (lat 39.7–40.2, lon 116.1–116.7).</summary>
    public static GeoPoint Place(Random random) => new(39.7 + random.NextDouble() * 0.5, 116.1 + random.NextDouble() * 0.6);

    /// <summary>Registers <paramref name="teams"/> teams of <paramref name="members"/> volunteers each, every one on duty,
    /// certified and insured, at random places; <paramref name="parallel"/> teams are built at once.</summary>
    /// <param name="inTeams">False registers the same volunteers without teams: a location report then stops at the volunteer.</param>
    public async Task PopulateAsync(int teams, int members, int parallel = 64, int seed = 7, bool inTeams = true) =>
        (Volunteers, Teams) = await PopulateAsync([Grains], teams, members, parallel, seed, inTeams);

    /// <summary>The same on any cluster; each team is built through the next of <paramref name="grains"/> in turn (one
    /// factory per silo spreads the calls as an Api in front of each silo would).</summary>
    public static async Task<(VolunteerId[] Volunteers, TeamId[] Teams)> PopulateAsync(IReadOnlyList<IGrainFactory> grains, int teams, int members,
        int parallel = 64, int seed = 7, bool inTeams = true)
    {
        var watch = Stopwatch.StartNew();
        var places = new GeoPoint[teams];
        var random = new Random(seed);
        for (var t = 0; t < teams; t++) places[t] = Place(random);
        var cert = new Certification(Capability, new DateOnly(2024, 1, 1), new DateOnly(2030, 12, 31), "北京市红十字会");
        var insurance = new Insurance("PICC-2026-0001", new DateOnly(2024, 1, 1), new DateOnly(2030, 12, 31));
        var volunteers = new VolunteerId[teams * members];
        var created = new TeamId[teams];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            for (var t = Interlocked.Increment(ref next); t < teams; t = Interlocked.Increment(ref next))
            {
                var team = TeamId.Create($"t{t}");
                var factory = grains[t % grains.Count];
                var ids = new VolunteerId[members];
                for (var m = 0; m < members; m++)
                {
                    var n = t * members + m;
                    var id = ids[m] = volunteers[n] = VolunteerId.Create($"v{n}");
                    var registration = new VolunteerRegistration($"志愿者{n}", $"139{n:D8}", null, [], [cert], insurance);
                    (await factory.Volunteer(id).Register(registration)).ValueOrThrow();
                    (await factory.Volunteer(id).SetDuty(new DutyChange(DutyStatus.Available))).ValueOrThrow();
                }
                if (!inTeams) continue;
                (await factory.Team(team).Create(new TeamRegistration($"{t} 队", Districts[t % Districts.Length], ids[0], places[t], 2))).ValueOrThrow();
                foreach (var member in ids.Skip(1)) (await factory.Team(team).AddMember(member)).ValueOrThrow();
                created[t] = team;
            }
        })));
        Console.WriteLine($"setup: {teams:N0} {(inTeams ? "teams" : "groups (no teams created)")} x {members} = {teams * members:N0} volunteers registered, on duty, in {watch.Elapsed.TotalSeconds:F1} s");
        return (volunteers, created);
    }

    public async Task SavePlanAsync(string incidentType, int teamsPerIncident, double radiusMeters) =>
        (await Grains.Plan(Beijing, incidentType).Save(new ResponsePlan(PlanId.Create("bj-" + incidentType), incidentType, Beijing,
            [new RequirementSpec("boats", Capability, teamsPerIncident, 2)], radiusMeters, TimeSpan.FromMinutes(10), 2,
            [EscalationStep.Widen(EscalationLevel.City, 3)]))).ValueOrThrow();

    /// <summary>Counts the grain-state writes committed by the durable store (from its batch-size histogram).</summary>
    public sealed class StoreWrites : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private long _writes;

        public StoreWrites()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == Mobilize.Silo.Storage.StorageMetrics.MeterName && instrument.Name == "mobilize.storage.batch.size")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _writes, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _writes);

        public void Dispose() => _listener.Dispose();
    }

    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }

    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>Stops the silo as a shutdown would, keeping the data folder for another process to open.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { }
    }
}
