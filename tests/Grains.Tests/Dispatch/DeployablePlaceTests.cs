using Microsoft.Extensions.DependencyInjection;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>A team's place is the freshest report of a member who could deploy; when that member stops being able to
/// (a shift ends) without any report, the directory must file the team where another member is.</summary>
public sealed class DeployablePlaceTests
{
    private static readonly GeoPoint Site = new(39.9200, 116.4400);
    private static readonly GeoPoint TwoKilometresAway = new(39.9380, 116.4400);
    private static readonly GeoPoint FortyKilometresAway = new(40.2800, 116.4400);

    [Fact]
    public async Task when_the_on_call_shift_of_the_member_who_reported_last_ends_the_team_is_found_where_its_other_member_is()
    {
        await using var world = await StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, FortyKilometresAway, members: 2, minimumToMuster: 1);
        var stays = World.Member(team, 0);
        var leaves = World.Member(team, 1);
        (await world.Grains.Volunteer(leaves).SetDuty(new DutyChange(DutyStatus.OnCall, world.Now.AddMinutes(10)))).ValueOrThrow();
        (await world.Grains.Volunteer(stays).ReportLocation(new LocationReport(TwoKilometresAway, world.Now, 10))).ValueOrThrow();
        await world.Settle(team);
        await world.Advance(TimeSpan.FromMinutes(1));
        // The on-call member reports last, far away: the team stands there while the shift lasts.
        (await world.Grains.Volunteer(leaves).ReportLocation(new LocationReport(FortyKilometresAway, world.Now, 10))).ValueOrThrow();
        await world.Settle(team);

        var during = IncidentId.Create("flood-during-shift");
        var before = (await world.Grains.Incident(during).Create(Request())).ValueOrThrow();
        Assert.Empty(before.Offers);

        // The shift ends; nobody reports. The member 2 km away could deploy, so the team is there now.
        await world.Advance(TimeSpan.FromMinutes(10));
        var after = IncidentId.Create("flood-after-shift");
        var summary = (await world.Grains.Incident(after).Create(Request())).ValueOrThrow();
        Assert.Equal([team], summary.Offers.Select(o => o.Team));
        var verdict = (await world.Grains.Incident(after).Explain()).ValueOrThrow().Candidates.Single();
        Assert.Null(verdict.Reason);
        Assert.InRange(verdict.DistanceMeters!.Value, 1_900, 2_100);
    }

    [Fact]
    public async Task when_the_member_who_reported_last_leaves_the_team_it_is_found_where_its_other_member_is()
    {
        await using var world = await StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, FortyKilometresAway, members: 3, minimumToMuster: 1);
        (await world.Grains.Volunteer(World.Member(team, 0)).ReportLocation(new LocationReport(TwoKilometresAway, world.Now, 10))).ValueOrThrow();
        await world.Settle(team);
        await world.Advance(TimeSpan.FromMinutes(1));
        (await world.Grains.Volunteer(World.Member(team, 2)).ReportLocation(new LocationReport(FortyKilometresAway, world.Now, 10))).ValueOrThrow();
        await world.Settle(team);

        (await world.Grains.Team(team).RemoveMember(World.Member(team, 2))).ValueOrThrow();

        var summary = (await world.Grains.Incident(IncidentId.Create("flood-after-leave")).Create(Request())).ValueOrThrow();
        Assert.Equal([team], summary.Offers.Select(o => o.Team));
    }

    [Fact]
    public async Task when_the_member_who_reported_last_goes_off_duty_the_team_is_found_where_its_other_member_is()
    {
        await using var world = await StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, FortyKilometresAway, members: 2, minimumToMuster: 1);
        (await world.Grains.Volunteer(World.Member(team, 0)).ReportLocation(new LocationReport(TwoKilometresAway, world.Now, 10))).ValueOrThrow();
        await world.Settle(team);
        await world.Advance(TimeSpan.FromMinutes(1));
        (await world.Grains.Volunteer(World.Member(team, 1)).ReportLocation(new LocationReport(FortyKilometresAway, world.Now, 10))).ValueOrThrow();
        await world.Settle(team);

        (await world.Grains.Volunteer(World.Member(team, 1)).SetDuty(new DutyChange(DutyStatus.Off))).ValueOrThrow();
        await world.Settle(team);

        var summary = (await world.Grains.Incident(IncidentId.Create("flood-after-off")).Create(Request())).ValueOrThrow();
        Assert.Equal([team], summary.Offers.Select(o => o.Team));
    }

    // Every move straight to the directory, so what a search sees follows from the reports alone.
    private static Task<World> StartAsync() =>
        World.StartAsync(services: s => s.Configure<ReadinessOptions>(o => o.MoveCoalescingWindow = TimeSpan.Zero));

    private static IncidentRequest Request() => new("flood", Site, World.Chaoyang, 2, false,
        [new RequirementSpec("boats", "water-rescue", 1, 1)], RadiusMeters: 5_000);
}
