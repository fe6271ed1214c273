using System.Net;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Plans;

/// <summary>The map's teams and on-duty volunteers: bases as they are, volunteers' positions as precise as the caller
/// may see them (a commander over their team: precise, and audited; an observer: the 1 km grid), off duty not at all.</summary>
public sealed class PositionsApiTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());
    private HttpClient Client => _world.Client;

    [Fact]
    public async Task a_commander_over_the_team_sees_its_on_duty_member_precisely_an_observer_only_on_the_grid_and_off_duty_members_not_at_all()
    {
        var city = await _world.City();
        var district = await _world.District(city, "d", "东城区");
        var team = await _world.Team("boat", district, 39.93, 116.42, 2, "water-rescue");
        var onDuty = team.Members[0];
        var offDuty = team.Members[1];
        await (await fixture.App.CreateVolunteerClient(onDuty).PutJson($"/api/volunteers/{onDuty}/location",
            new { latitude = 39.93456, longitude = 116.41789, accuracyMeters = 12 })).Expect(HttpStatusCode.OK);
        await (await fixture.App.CreateVolunteerClient(offDuty).PutJson($"/api/volunteers/{offDuty}/location",
            new { latitude = 39.931, longitude = 116.419, accuracyMeters = 12 })).Expect(HttpStatusCode.OK);
        await (await fixture.App.CreateVolunteerClient(offDuty).PutJson($"/api/volunteers/{offDuty}/duty", new { status = "Off" })).Expect(HttpStatusCode.OK);

        var commander = await (await fixture.App.CreateCommanderClient(district).GetAsync($"/api/organisations/{district}/positions")).Expect(HttpStatusCode.OK);
        var teamShown = Assert.Single(commander["teams"]!.AsArray())!;
        Assert.Equal(team.Id, (string?)teamShown["id"]);
        Assert.Equal(39.93, (double)teamShown["place"]!["latitude"]!);
        var precise = Assert.Single(commander["volunteers"]!.AsArray())!;
        Assert.True((bool)precise["precise"]!);
        Assert.Equal(39.93456, (double)precise["point"]!["latitude"]!);
        Assert.Equal(12, (double)precise["accuracyMeters"]!);
        Assert.Null(precise["volunteerId"]);

        var observer = fixture.App.CreateClient(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(city)));
        var coarse = Assert.Single((await (await observer.GetAsync($"/api/organisations/{city}/positions")).Expect(HttpStatusCode.OK))["volunteers"]!.AsArray())!;
        Assert.False((bool)coarse["precise"]!);
        Assert.Equal(39.93, (double)coarse["point"]!["latitude"]!);
        Assert.Equal(116.42, (double)coarse["point"]!["longitude"]!);
        Assert.True((double)coarse["accuracyMeters"]! >= 1000);

        // The commander's precise view is on the record, as every precise view is.
        var audit = await _world.Get("/api/audit");
        Assert.Contains(audit.AsArray(), e => (string?)e!["action"] == "volunteer.location.precise" && (string?)e["subject"] == onDuty);
        Assert.DoesNotContain(audit.AsArray(), e => (string?)e!["action"] == "volunteer.location.precise" && (string?)e["subject"] == offDuty);
    }

    [Fact]
    public async Task an_unknown_organisation_has_no_positions() =>
        await (await Client.GetAsync($"/api/organisations/{_world.Id("nowhere")}/positions")).Expect(HttpStatusCode.NotFound);
}
