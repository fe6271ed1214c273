using Microsoft.Extensions.DependencyInjection;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Registry;

/// <summary>Members' moves reach the dispatch directory folded per team, and never later than the window.</summary>
public sealed class MoveCoalescingTests
{
    private static readonly GeoPoint Base = new(39.9250, 116.4450);
    private static readonly GeoPoint First = new(39.9400, 116.4600);
    private static readonly GeoPoint Second = new(39.9500, 116.4700);
    private static readonly GeoPoint Third = new(39.9600, 116.4800);

    [Fact]
    public async Task the_first_move_reaches_the_directory_at_once_and_the_latest_of_the_following_moves_after_the_window()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, Base);
        var window = new ReadinessOptions().MoveCoalescingWindow;

        await Report(world, team, 0, First, TimeSpan.FromMinutes(3));
        Assert.Equal(First, await PlaceInDirectory(world, team));

        await Report(world, team, 1, Second, TimeSpan.FromMinutes(2));
        await Report(world, team, 2, Third, TimeSpan.FromMinutes(1));
        Assert.Equal(First, await PlaceInDirectory(world, team));

        world.Clock.Advance(window);
        await world.Settle(team);
        Assert.Equal(Third, await PlaceInDirectory(world, team));

        // A quiet window closes it: the next move goes at once again.
        world.Clock.Advance(window);
        await world.Settle(team);
        await Report(world, team, 0, Second, TimeSpan.Zero);
        Assert.Equal(Second, await PlaceInDirectory(world, team));
    }

    [Fact]
    public async Task a_move_held_in_the_window_reaches_the_directory_when_the_team_deactivates_before_the_window_ends()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, Base);
        await Report(world, team, 0, First, TimeSpan.FromMinutes(2));
        await Report(world, team, 1, Second, TimeSpan.FromMinutes(1));
        Assert.Equal(First, await PlaceInDirectory(world, team));

        await world.Cluster.DeactivateAllAsync();

        Assert.Equal(Second, await PlaceInDirectory(world, team));
    }

    [Fact]
    public async Task with_no_window_every_move_reaches_the_directory_at_once()
    {
        await using var world = await World.StartAsync(services: s => s.Configure<ReadinessOptions>(o => o.MoveCoalescingWindow = TimeSpan.Zero));
        var team = await world.Team("cy-a", World.Chaoyang, Base);

        await Report(world, team, 0, First, TimeSpan.FromMinutes(2));
        Assert.Equal(First, await PlaceInDirectory(world, team));
        await Report(world, team, 1, Second, TimeSpan.FromMinutes(1));
        Assert.Equal(Second, await PlaceInDirectory(world, team));
    }

    [Fact]
    public async Task a_callout_after_the_window_searches_from_the_latest_place_of_a_team()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, Base);
        var far = new GeoPoint(40.30, 116.90);
        await Report(world, team, 0, First, TimeSpan.FromMinutes(2));
        await Report(world, team, 1, far, TimeSpan.FromMinutes(1));
        world.Clock.Advance(new ReadinessOptions().MoveCoalescingWindow);
        await world.Settle(team);

        // Far from its base and its first place: only the latest place puts the team within 2 km.
        var request = new IncidentRequest("flood", new GeoPoint(40.305, 116.905), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 1)], RadiusMeters: 2_000);
        var created = (await world.Grains.Incident(IncidentId.Create("flood-moved")).Create(request)).ValueOrThrow();
        Assert.Equal([team], created.Offers.Select(o => o.Team));
    }

    [Fact]
    public async Task after_a_burst_of_moves_from_every_member_the_directory_holds_the_team_at_its_freshest_members_place()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, Base, members: 5);
        var start = world.Now - TimeSpan.FromMinutes(10);
        var random = new Random(3);
        var places = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 40)
            .Select(_ => new GeoPoint(39.7 + random.NextDouble() * 0.5, 116.1 + random.NextDouble() * 0.6)).ToArray()).ToArray();

        // Each phone reports in order; the five phones report at once, so their moves interleave at the team.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(member => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
                (await world.Grains.Volunteer(World.Member(team, member))
                    .ReportLocation(new LocationReport(places[member][i], start + TimeSpan.FromSeconds(i * 5 + member), 10))).ValueOrThrow();
        })));
        world.Clock.Advance(new ReadinessOptions().MoveCoalescingWindow);
        await world.Settle(team);

        Assert.Equal(places[4][39], await PlaceInDirectory(world, team)); // reported last of all: 39 × 5 + 4 s after the start
        var card = Directory(world).TryGet(team, out var held) ? held : throw new InvalidOperationException("team not in the directory");
        Assert.All(Enumerable.Range(0, 5), member =>
            Assert.Equal(places[member][39], card.Members.Single(m => m.Volunteer == World.Member(team, member)).Readiness.LastLocation?.Point));
    }

    [Fact]
    public async Task a_move_keeps_what_the_team_knows_of_the_members_certifications()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, Base);
        var member = World.Member(team, 0);
        var certifications = (await world.Grains.Volunteer(member).GetProfile()).ValueOrThrow().Certifications.Add(World.Cert("first-aid"));
        (await world.Grains.Volunteer(member).UpdateCertifications(certifications)).ValueOrThrow();

        await Report(world, team, 0, First, TimeSpan.Zero);

        Assert.True(Directory(world).TryGet(team, out var card));
        var kept = card.Members.Single(m => m.Volunteer == member);
        Assert.Equal(First, kept.Readiness.LastLocation?.Point);
        Assert.Contains(kept.Certifications, c => c.Capability == "first-aid");
    }

    [Fact]
    public async Task a_move_older_than_the_card_the_team_holds_changes_nothing()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, Base);
        await Report(world, team, 0, First, TimeSpan.Zero);

        await world.Grains.Team(team).MemberMoved(World.Member(team, 0), 1, new LocationReport(Third, world.Now, 10));
        world.Clock.Advance(new ReadinessOptions().MoveCoalescingWindow);
        await world.Settle(team);

        Assert.Equal(First, await PlaceInDirectory(world, team));
    }

    private static IDispatchDirectory Directory(World world) => world.Cluster.Services.GetRequiredService<IDispatchDirectory>();

    private static async Task Report(World world, TeamId team, int member, GeoPoint place, TimeSpan ago)
    {
        (await world.Grains.Volunteer(World.Member(team, member)).ReportLocation(new LocationReport(place, world.Now - ago, 10))).ValueOrThrow();
        await world.Settle(team);
    }

    private static Task<GeoPoint?> PlaceInDirectory(World world, TeamId team)
    {
        Assert.True(Directory(world).TryGet(team, out var card));
        return Task.FromResult(TeamFacts.At(card, world.Now).Location);
    }
}
