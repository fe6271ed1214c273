using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Silo.Hosting;
using Mobilize.Silo.Reminders;
using Mobilize.Silo.Storage;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Mobilize.TestKit;

namespace Mobilize.Grains.Tests;

/// <summary>A running silo with the Mobilize grains on a manual clock, and builders for Beijing's organisations,
/// volunteers and teams. Each test starts its own, so no test sees another's data.</summary>
internal sealed class World : IAsyncDisposable
{
    public static readonly OrganisationId Beijing = OrganisationId.Create("bj");
    public static readonly OrganisationId Chaoyang = OrganisationId.Create("bj-chaoyang");
    public static readonly OrganisationId Haidian = OrganisationId.Create("bj-haidian");
    public static readonly OrganisationId Dongcheng = OrganisationId.Create("bj-dongcheng");

    public static readonly DateOnly LongAgo = new(2024, 1, 1);
    public static readonly DateOnly FarAhead = new(2028, 12, 31);

    private int _phones;

    private readonly DirectoryInfo _reminders;

    private World(TestCluster cluster, DirectoryInfo reminders)
    {
        Cluster = cluster;
        _reminders = reminders;
    }

    public TestCluster Cluster { get; }

    /// <summary>The reminder table the silos share, read as Orleans reads it.</summary>
    public IReminderTable Reminders => Cluster.Services.GetRequiredService<IReminderTable>();

    public ManualTimeProvider Clock => Cluster.Clock;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static async Task<World> StartAsync(IGrainStorage? survivingStorage = null, Action<IServiceCollection>? services = null, short silos = 1)
    {
        // Registered as an instance, not through the silo lifecycle: it outlives the cluster, as a database outlives a crash.
        var storage = survivingStorage ?? new InMemoryGrainStorage();
        // The production SQLite table in a folder of this world's own: reminders outlive a restart, as they do in a database.
        var reminders = Directory.CreateTempSubdirectory("mobilize-reminders-");
        var cluster = await TestCluster.StartAsync(
            silo => silo.AddMobilizeGrains(),
            s =>
            {
                s.AddReminderTable((_, serviceId) => new SqliteReminderTable(
                    Path.Combine(reminders.FullName, SqliteGrainStorageOptions.DatabaseFileName), SqliteSynchronousMode.Normal, serviceId));
                // Grains that name no storage take the unkeyed one, as Orleans' own AddGrainStorage registers the default.
                s.AddSingleton(storage);
                s.AddKeyedSingleton(StorageNames.Default, storage);
                s.AddKeyedSingleton(StorageNames.Default, (IStoredStateScanner)storage);
                services?.Invoke(s);
            }, silos: silos);
        var world = new World(cluster, reminders);
        await world.BeijingTreeAsync();
        return world;
    }

    public async Task BeijingTreeAsync()
    {
        await Org(Beijing, "北京市", OrganisationLevel.City, null);
        foreach (var (id, name) in new[] { (Chaoyang, "朝阳区"), (Haidian, "海淀区"), (Dongcheng, "东城区") })
            await Org(id, name, OrganisationLevel.District, Beijing);
    }

    public async Task Org(OrganisationId id, string name, OrganisationLevel level, OrganisationId? parent) =>
        (await Grains.Organisation(id).Create(new OrganisationNode(id, name, level, parent, null))).ValueOrThrow();

    public static Certification Cert(string capability, DateOnly? expires = null) => new(capability, LongAgo, expires ?? FarAhead, "北京市红十字会");

    public static Insurance Insured => new("PICC-2026-0001", LongAgo, FarAhead);

    public string NextPhone() => $"138{Interlocked.Increment(ref _phones):D8}";

    /// <summary>A registered volunteer, on duty unless told otherwise.</summary>
    public async Task<VolunteerId> Volunteer(string id, ImmutableArray<Certification> certifications, Insurance? insurance = null,
        bool uninsured = false, DutyStatus duty = DutyStatus.Available)
    {
        var volunteerId = VolunteerId.Create(id);
        var registration = new VolunteerRegistration($"志愿者{id}", NextPhone(), null, [], certifications, uninsured ? null : insurance ?? Insured);
        (await Grains.Volunteer(volunteerId).Register(registration)).ValueOrThrow();
        if (duty != DutyStatus.Off) (await Grains.Volunteer(volunteerId).SetDuty(new DutyChange(duty, duty == DutyStatus.OnCall ? Now.AddHours(12) : null))).ValueOrThrow();
        return volunteerId;
    }

    /// <summary>A team at <paramref name="place"/> of <paramref name="members"/> volunteers (the first leads), each certified for <paramref name="capability"/>.</summary>
    public async Task<TeamId> Team(string id, OrganisationId organisation, GeoPoint place, int members = 3, string capability = "water-rescue",
        int minimumToMuster = 2, DateOnly? certificateExpires = null, bool uninsuredMember = false)
    {
        var teamId = TeamId.Create(id);
        var volunteers = new List<VolunteerId>();
        for (var i = 0; i < members; i++)
            volunteers.Add(await Volunteer($"{id}-m{i}", [Cert(capability, certificateExpires)], uninsured: uninsuredMember && i == members - 1));
        (await Grains.Team(teamId).Create(new TeamRegistration($"{id} 队", organisation, volunteers[0], place, minimumToMuster))).ValueOrThrow();
        foreach (var member in volunteers.Skip(1)) (await Grains.Team(teamId).AddMember(member)).ValueOrThrow();
        return teamId;
    }

    public static VolunteerId Member(TeamId team, int index) => VolunteerId.Create($"{team.Value}-m{index}");

    /// <summary>Waits until a team has handled what was sent to it so far (a grain handles its queue in order).</summary>
    public async Task<TeamView> Settle(TeamId team) => (await Grains.Team(team).Get()).ValueOrThrow();

    public async Task<IncidentSummary> Summary(IncidentId incident) => (await Grains.Incident(incident).GetSummary()).ValueOrThrow();

    public static Offer OfferTo(IncidentSummary summary, TeamId team) => summary.Offers.Single(o => o.Team == team);

    /// <summary>Moves the clock and lets the incident finish what became due.</summary>
    public async Task Advance(TimeSpan by, params IncidentId[] incidents)
    {
        Clock.Advance(by);
        foreach (var incident in incidents) await Grains.Incident(incident).GetSummary();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _reminders.Delete(recursive: true);
    }
}
