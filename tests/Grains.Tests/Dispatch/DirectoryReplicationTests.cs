using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Dispatch.Replication;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Orleans.Runtime;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>Every silo's directory replica ends up with every team in the cluster, whichever silo the team is active
/// on, whichever silo it moved to, and whenever the silo joined; checked against a brute-force search over the cards
/// the teams publish.</summary>
/// <remarks>The replicas exchange changes on the wall clock (a flush every few tens of milliseconds), so the checks wait
/// for agreement, up to a bound far beyond a flush, rather than sleep.</remarks>
public sealed class DirectoryReplicationTests
{
    private static readonly GeoPoint Centre = new(39.9250, 116.4450);
    private static readonly TimeSpan Agreement = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task every_silo_finds_every_team_as_a_brute_force_search_over_the_teams_cards_does()
    {
        await using var world = await StartAsync(silos: 3);
        var teams = await Teams(world, 12);

        // Spread over the silos, so every check below needs a change to cross from one silo to another.
        await SpreadAsync(world, teams);
        var hosts = await world.Cluster.ActivationSilosAsync("team");
        Assert.Equal(3, hosts.Values.SelectMany(h => h).Distinct().Count());
        await AgreeAsync(world, teams);

        // Members move, a team goes off duty, another loses a member: changes made on whichever silo holds each team.
        var moved = new Dictionary<TeamId, GeoPoint>();
        for (var i = 0; i < teams.Count; i += 2)
        {
            var place = new GeoPoint(Centre.Latitude + 0.01 * (i % 5), Centre.Longitude - 0.012 * (i % 4));
            (await world.Grains.Volunteer(World.Member(teams[i], 1)).ReportLocation(new LocationReport(place, world.Now, 10))).ValueOrThrow();
            moved[teams[i]] = place;
        }
        (await world.Grains.Team(teams[3]).SetDuty(new DutyChange(DutyStatus.Off, null))).ValueOrThrow();
        (await world.Grains.Team(teams[5]).RemoveMember(World.Member(teams[5], 2))).ValueOrThrow();
        foreach (var team in teams) await world.Settle(team);

        var cards = await AgreeAsync(world, teams);
        foreach (var (team, place) in moved) Assert.Equal(place, TeamFacts.At(cards[team], world.Now).Location);
        Assert.Equal(DutyStatus.Off, cards[teams[3]].Duty);
        Assert.DoesNotContain(cards[teams[5]].Members, m => m.Volunteer == World.Member(teams[5], 2));

        // A team active on a new silo goes on from the versions its last activation published there and elsewhere.
        await SpreadAsync(world, teams, shift: 1);
        foreach (var team in teams.Take(4))
        {
            var place = new GeoPoint(Centre.Latitude - 0.02, Centre.Longitude + 0.005 * teams.IndexOf(team));
            (await world.Grains.Volunteer(World.Member(team, 0)).ReportLocation(new LocationReport(place, world.Now.AddSeconds(1), 10))).ValueOrThrow();
            moved[team] = place;
        }
        (await world.Grains.Team(teams[3]).SetDuty(new DutyChange(DutyStatus.Available, null))).ValueOrThrow();
        foreach (var team in teams) await world.Settle(team);

        cards = await AgreeAsync(world, teams);
        foreach (var team in teams.Take(4)) Assert.Equal(moved[team], TeamFacts.At(cards[team], world.Now).Location);
        Assert.Equal(DutyStatus.Available, cards[teams[3]].Duty);
    }

    [Fact]
    public async Task a_silo_that_joins_after_the_teams_exist_holds_every_team_and_their_latest_moves()
    {
        await using var world = await StartAsync(silos: 2);
        var teams = await Teams(world, 8);
        await SpreadAsync(world, teams);
        // Moves are not stored: a silo rebuilding from storage alone would have these teams at their bases.
        var moved = new Dictionary<TeamId, GeoPoint>();
        foreach (var team in teams.Where((_, i) => i % 2 == 0))
        {
            var place = new GeoPoint(Centre.Latitude + 0.03, Centre.Longitude + 0.004 * teams.IndexOf(team));
            (await world.Grains.Volunteer(World.Member(team, 0)).ReportLocation(new LocationReport(place, world.Now, 10))).ValueOrThrow();
            moved[team] = place;
            await world.Settle(team);
        }

        var joined = await world.Cluster.StartSiloAsync();

        var cards = await AgreeAsync(world, teams);
        Assert.Equal(teams.Count, Replica(joined).Count);
        foreach (var (team, place) in moved)
            Assert.Equal(place, Replica(joined).TryGet(team, out var card) ? TeamFacts.At(card, world.Now).Location : null);

        // And it hears the changes made after it joined.
        (await world.Grains.Team(teams[1]).SetDuty(new DutyChange(DutyStatus.Off, null))).ValueOrThrow();
        cards = await AgreeAsync(world, teams);
        Assert.Equal(DutyStatus.Off, cards[teams[1]].Duty);
    }

    [Fact]
    public async Task a_silo_that_leaves_is_dropped_from_the_others_send_lists()
    {
        await using var world = await StartAsync(silos: 3);
        var leaving = world.Cluster.Orleans.Silos[2];
        await Until(() => world.Cluster.SiloServices.All(s => Replicator(s).Peers.Count == 2), "every silo sends to both others");

        await world.Cluster.Orleans.StopSiloAsync(leaving);

        await Until(() => world.Cluster.SiloServices.All(s => Replicator(s).Peers.Count == 1 && !Replicator(s).Peers.Contains(leaving.SiloAddress)),
            "the remaining silos no longer send to the one that left");
    }

    [Fact]
    public async Task a_single_silo_sends_to_no_one()
    {
        await using var world = await StartAsync(silos: 1);
        var team = await world.Team("only", World.Chaoyang, Centre);

        Assert.Empty(Replicator(world.Cluster.Services).Peers);
        Assert.True(Replica(world.Cluster.Services).TryGet(team, out _));
    }

    private static Task<World> StartAsync(short silos) =>
        World.StartAsync(silos: silos, services: s => s.Configure<ReadinessOptions>(o => o.MoveCoalescingWindow = TimeSpan.Zero));

    private static async Task<List<TeamId>> Teams(World world, int count)
    {
        var teams = new List<TeamId>();
        for (var i = 0; i < count; i++)
        {
            var place = new GeoPoint(Centre.Latitude + 0.004 * (i % 4), Centre.Longitude + 0.006 * (i / 4));
            teams.Add(await world.Team($"t{i:D2}", World.Chaoyang, place, capability: i % 3 == 2 ? "medical" : "water-rescue"));
        }
        return teams;
    }

    /// <summary>Moves team <c>i</c> to silo <c>(i + shift) mod silos</c>, as a rebalance or a lost silo moves activations.</summary>
    private static async Task SpreadAsync(World world, IReadOnlyList<TeamId> teams, int shift = 0)
    {
        var silos = world.Cluster.SiloAddresses;
        for (var i = 0; i < teams.Count; i++)
        {
            var target = silos[(i + shift) % silos.Count];
            var grain = world.Grains.Team(teams[i]);
            var hosts = await world.Cluster.ActivationSilosAsync("team");
            if (hosts.TryGetValue(grain.GetGrainId(), out var host) && host.SequenceEqual([target])) continue;
            await world.Cluster.MigrateAsync(grain, target);
            await world.Settle(teams[i]);
        }
    }

    /// <summary>Waits until every silo's replica answers searches as a brute-force search over the teams' cards does,
    /// each card taken from the silo the team is active on (where its changes apply first); returns those cards.</summary>
    private static async Task<IReadOnlyDictionary<TeamId, TeamCard>> AgreeAsync(World world, IReadOnlyList<TeamId> teams)
    {
        var until = DateTime.UtcNow + Agreement;
        while (true)
        {
            var cards = await PublishedCards(world, teams);
            var disagreements = cards is null ? ["a team is moving between silos"] : Disagreements(world, cards);
            if (disagreements.Count == 0) return cards!;
            if (DateTime.UtcNow > until) Assert.Fail($"after {Agreement}: {string.Join("; ", disagreements.Take(5))}");
            await Task.Delay(20);
        }
    }

    /// <returns>Null while a team is active on more than one silo (on its way from one to the other).</returns>
    private static async Task<IReadOnlyDictionary<TeamId, TeamCard>?> PublishedCards(World world, IReadOnlyList<TeamId> teams)
    {
        var hosts = await world.Cluster.ActivationSilosAsync("team");
        var cards = new Dictionary<TeamId, TeamCard>();
        foreach (var team in teams)
        {
            var silos = hosts.TryGetValue(world.Grains.Team(team).GetGrainId(), out var found) ? found : throw new InvalidOperationException($"{team} is not active");
            if (silos.Count > 1) return null;
            var replica = Replica(world.Cluster.Orleans.GetSiloServiceProvider(silos[0]));
            cards[team] = replica.TryGet(team, out var card) ? card : throw new InvalidOperationException($"{team} is missing where it is active");
        }
        return cards;
    }

    private static List<string> Disagreements(World world, IReadOnlyDictionary<TeamId, TeamCard> cards)
    {
        var problems = new List<string>();
        var at = world.Now;
        var services = world.Cluster.SiloServices;
        for (var s = 0; s < services.Count; s++)
        {
            var replica = Replica(services[s]);
            if (replica.Count != cards.Count) problems.Add($"silo {s} holds {replica.Count} teams, not {cards.Count}");
            foreach (var capability in new[] { "water-rescue", "medical" })
            foreach (var (place, radius) in new[] { (Centre, 3_000.0), (new GeoPoint(39.95, 116.42), 8_000.0), (Centre, 50_000.0) })
            {
                var expected = BruteForce(cards.Values, place, capability, at, radius);
                Compare(problems, $"silo {s} search {capability} {radius} m", expected,
                    replica.Search(place, radius, capability, at));
                Compare(problems, $"silo {s} nearest 3 {capability} {radius} m", [.. expected.Take(3)],
                    replica.Nearest(place, 3, capability, radius, at));
            }
        }
        return problems;
    }

    /// <summary>Every team holding or having held the capability within the radius, nearest first, ties by id: what
    /// the directory promises, computed from the cards alone.</summary>
    private static ImmutableArray<string> BruteForce(IEnumerable<TeamCard> cards, GeoPoint place, string capability, DateTimeOffset at, double radius) =>
    [
        .. cards.Where(c => TeamFacts.IndexedCapabilities(c).Contains(capability))
            .Select(c => (Facts: TeamFacts.At(c, at), Card: c))
            .Select(x => (x.Facts, Distance: (x.Facts.Location ?? x.Card.Base).DistanceMetersTo(place)))
            .Where(x => x.Distance <= radius)
            .OrderBy(x => x.Distance).ThenBy(x => x.Facts.Team.Value, StringComparer.Ordinal)
            .Select(x => Describe(x.Facts, x.Distance)),
    ];

    private static void Compare(List<string> problems, string what, ImmutableArray<string> expected, ImmutableArray<DirectoryMatch> found)
    {
        var actual = found.Select(m => Describe(m.Facts, m.DistanceMeters)).ToImmutableArray();
        if (!actual.SequenceEqual(expected)) problems.Add($"{what}: [{string.Join(", ", actual)}] instead of [{string.Join(", ", expected)}]");
    }

    private static string Describe(CandidateFacts facts, double distance) =>
        $"{facts.Team} {facts.Status} {facts.MemberCount} members {string.Join("+", facts.QualifiedMembers.OrderBy(q => q.Key).Select(q => $"{q.Key}:{q.Value}"))} at {Math.Round(distance)} m";

    private static DispatchDirectory Replica(IServiceProvider silo) => (DispatchDirectory)silo.GetRequiredService<IDispatchDirectory>();

    private static DirectoryReplicator Replicator(IServiceProvider silo) => silo.GetRequiredService<DirectoryReplicator>();

    private static async Task Until(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Agreement;
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"not within {Agreement}: {what}");
            await Task.Delay(20);
        }
    }
}
