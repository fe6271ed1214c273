using Mobilize.TestKit;
using Orleans;
using Mobilize.Grains;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Alerts;

public sealed class AlertsApiTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());

    private IGrainFactory Grains => fixture.App.Services.GetRequiredService<IGrainFactory>();

    private Task<long> Last(string volunteer) => Grains.FeedStream(FeedStream.Of(VolunteerId.Create(volunteer))).LastSequence();

    [Fact]
    public async Task a_standby_alert_to_a_team_goes_on_each_members_stream_and_a_retry_sends_it_once()
    {
        var city = await _world.City();
        var team = await _world.Team("typhoon", city, 39.9, 116.4, members: 2, "water-rescue");

        var receipt = await (await _world.Client.PostJson($"/api/teams/{team.Id}/alerts",
            new { message = "台风预警：今晚 20:00 起待命", level = "Red" }, idempotencyKey: _world.Id("alert-1"))).Expect(HttpStatusCode.OK);
        await (await _world.Client.PostJson($"/api/teams/{team.Id}/alerts",
            new { message = "台风预警：今晚 20:00 起待命", level = "Red" }, idempotencyKey: _world.Id("alert-1"))).Expect(HttpStatusCode.OK);

        Assert.Equal((2, "Red", team.Id), ((int)receipt["recipients"]!, (string?)receipt["level"], (string?)receipt["team"]));
        foreach (var member in team.Members)
        {
            var heard = await Grains.ReplayWhen(FeedStream.Of(VolunteerId.Create(member)), r => r.Events.Any(e => e.Kind == "alert"));
            var alerts = heard.Events.Where(e => e.Kind == "alert").ToList();
            var alert = Assert.Single(alerts);
            Assert.Equal(("台风预警：今晚 20:00 起待命", "Red"), (alert.Detail, alert.Level));
        }
    }

    [Fact]
    public async Task an_alert_without_a_level_is_blue()
    {
        var city = await _world.City();
        var team = await _world.Team("rain", city, 39.9, 116.4, members: 1, "water-rescue");

        var receipt = await (await _world.Client.PostJson($"/api/teams/{team.Id}/alerts", new { message = "暴雨蓝色预警" })).Expect(HttpStatusCode.OK);

        Assert.Equal("Blue", (string?)receipt["level"]);
    }

    [Fact]
    public async Task a_bad_alert_is_a_problem_naming_the_field_and_reaches_no_phone()
    {
        var city = await _world.City();
        var team = await _world.Team("bad", city, 39.9, 116.4, members: 1, "water-rescue");
        var before = await Last(team.Leader);

        var empty = await (await _world.Client.PostJson($"/api/teams/{team.Id}/alerts", new { message = "  " })).Expect(HttpStatusCode.BadRequest);
        var missing = await (await _world.Client.PostJson($"/api/teams/{team.Id}/alerts", new { level = "Red" })).Expect(HttpStatusCode.BadRequest);
        var colour = await (await _world.Client.PostJson($"/api/teams/{team.Id}/alerts", new { message = "待命", level = "Purple" })).Expect(HttpStatusCode.BadRequest);
        await (await _world.Client.PostJson($"/api/teams/{_world.Id("nobody")}/alerts", new { message = "待命" })).Expect(HttpStatusCode.NotFound);

        Assert.Equal(["message"], empty.ErrorFields());
        Assert.Equal(["message"], missing.ErrorFields());
        Assert.Contains("level", colour.ErrorFields());
        Assert.Equal(before, await Last(team.Leader));
    }

    [Fact]
    public async Task a_commander_alerts_the_teams_of_the_jurisdiction_and_not_those_of_another()
    {
        var city = await _world.City();
        var chaoyang = await _world.District(city, "chaoyang", "朝阳区");
        var haidian = await _world.District(city, "haidian", "海淀区");
        var ours = await _world.Team("ours", chaoyang, 39.92, 116.44, members: 1, "water-rescue");
        var theirs = await _world.Team("theirs", haidian, 39.96, 116.30, members: 1, "water-rescue");
        var before = await Last(theirs.Leader);
        using var commander = fixture.App.CreateCommanderClient(chaoyang);

        await (await commander.PostJson($"/api/teams/{ours.Id}/alerts", new { message = "朝阳区防汛待命" })).Expect(HttpStatusCode.OK);
        var refused = await (await commander.PostJson($"/api/teams/{theirs.Id}/alerts", new { message = "朝阳区防汛待命" })).Expect(HttpStatusCode.Forbidden);

        Assert.Equal("urn:mobilize:problem:forbidden", (string?)refused["type"]);
        Assert.Equal(before, await Last(theirs.Leader));
    }

    [Fact]
    public async Task a_team_leader_alerts_the_own_team_and_a_member_may_not()
    {
        var city = await _world.City();
        var team = await _world.Team("led", city, 39.9, 116.4, members: 2, "water-rescue");
        using var leader = fixture.App.CreateClient(new TokenGrant(Roles.TeamLeader, VolunteerId.Create(team.Leader), Team: TeamId.Create(team.Id)));
        using var member = fixture.App.CreateVolunteerClient(team.Members[1]);

        await (await leader.PostJson($"/api/teams/{team.Id}/alerts", new { message = "今晚集合待命", level = "Yellow" })).Expect(HttpStatusCode.OK);
        await (await member.PostJson($"/api/teams/{team.Id}/alerts", new { message = "今晚集合待命" })).Expect(HttpStatusCode.Forbidden);

        Assert.Single((await Grains.ReplayWhen(FeedStream.Of(VolunteerId.Create(team.Members[1])), r => r.Events.Any(e => e.Kind == "alert"))).Events,
            e => e.Kind == "alert");
    }
}
