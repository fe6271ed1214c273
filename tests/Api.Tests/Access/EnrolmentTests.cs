using System.Net;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Access;

public sealed class EnrolmentTests : IAsyncLifetime
{
    private MobilizeApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    private async Task<(World World, TeamInfo Team, string District)> TeamInADistrict()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var district = await world.District(city, "district", "朝阳区");
        return (world, await world.Team("team", district, 39.92, 116.44, 2, "water-rescue"), district);
    }

    [Fact]
    public async Task a_commander_sends_a_one_time_link_that_signs_the_volunteer_in_once_and_is_refused_the_second_time()
    {
        var (_, team, district) = await TeamInADistrict();
        var volunteer = team.Members[1];
        using var commander = _app.CreateCommanderClient(district);
        var link = await (await commander.PostJson("/api/enrolments", new { volunteerId = volunteer })).Expect(HttpStatusCode.Created);
        var code = (string)link["code"]!;
        Assert.Equal($"/volunteer/#enrol={code}", (string?)link["link"]);
        Assert.Equal(MobilizeApp.Start.AddDays(3), DateTimeOffset.Parse((string)link["expiresAt"]!));

        using var phone = _app.CreateAnonymousClient();
        var redeemed = await (await phone.PostJson($"/api/enrolments/{code}/redemption", null)).Expect(HttpStatusCode.OK);
        Assert.Equal(volunteer, (string?)redeemed["volunteerId"]);
        phone.DefaultRequestHeaders.Authorization = new("Bearer", (string)redeemed["token"]!);
        await (await phone.GetAsync($"/api/volunteers/{volunteer}/status")).Expect(HttpStatusCode.OK);
        await (await phone.GetAsync($"/api/volunteers/{team.Leader}/status")).Expect(HttpStatusCode.Forbidden);

        using var someoneElse = _app.CreateAnonymousClient();
        var again = await (await someoneElse.PostJson($"/api/enrolments/{code}/redemption", null)).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:enrolment.redeemed", (string?)again["type"]);
        await (await someoneElse.PostJson("/api/enrolments/not-a-code/redemption", null)).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_retried_redemption_with_the_same_idempotency_key_gets_the_same_token()
    {
        var (world, team, _) = await TeamInADistrict();
        var code = (string)(await (await world.Client.PostJson("/api/enrolments", new { volunteerId = team.Leader })).Expect(HttpStatusCode.Created))["code"]!;
        using var phone = _app.CreateAnonymousClient();
        var first = await (await phone.PostJson($"/api/enrolments/{code}/redemption", null, idempotencyKey: "redeem-1")).Expect(HttpStatusCode.OK);
        var retried = await phone.PostJson($"/api/enrolments/{code}/redemption", null, idempotencyKey: "redeem-1");
        Assert.Equal((string?)first["token"], (string?)(await retried.Expect(HttpStatusCode.OK))["token"]);
        Assert.True(retried.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task a_link_survives_a_restart_and_expires_when_its_time_is_up()
    {
        var (world, team, _) = await TeamInADistrict();
        var lasting = (string)(await (await world.Client.PostJson("/api/enrolments", new { volunteerId = team.Leader, lifetimeMinutes = 60 })).Expect(HttpStatusCode.Created))["code"]!;
        var expiring = (string)(await (await world.Client.PostJson("/api/enrolments", new { volunteerId = team.Members[1], lifetimeMinutes = 10 })).Expect(HttpStatusCode.Created))["code"]!;

        _app = await _app.RestartAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        using var phone = _app.CreateAnonymousClient();
        await (await phone.PostJson($"/api/enrolments/{lasting}/redemption", null)).Expect(HttpStatusCode.OK);
        var expired = await (await phone.PostJson($"/api/enrolments/{expiring}/redemption", null)).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:enrolment.expired", (string?)expired["type"]);
    }

    [Fact]
    public async Task enrolments_name_the_missing_or_unknown_volunteer_and_volunteers_cannot_enrol_anyone()
    {
        var (world, team, _) = await TeamInADistrict();
        Assert.Equal(["volunteerId"], (await (await world.Client.PostJson("/api/enrolments", new { })).Expect(HttpStatusCode.BadRequest)).ErrorFields());
        await (await world.Client.PostJson("/api/enrolments", new { volunteerId = world.Id("nobody") })).Expect(HttpStatusCode.NotFound);
        using var volunteer = _app.CreateVolunteerClient(team.Leader);
        await (await volunteer.PostJson("/api/enrolments", new { volunteerId = team.Leader })).Expect(HttpStatusCode.Forbidden);
        using var teamLeader = _app.CreateClient(new TokenGrant(Roles.TeamLeader, Volunteer: VolunteerId.Create(team.Leader), Team: TeamId.Create(team.Id)));
        await (await teamLeader.PostJson("/api/enrolments", new { volunteerId = team.Members[1] })).Expect(HttpStatusCode.Forbidden);
    }
}
