using System.Net;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Access;

/// <summary>Phone and ID numbers masked unless the role needs them, every unmasked view in the audit log; a volunteer's
/// position to the metre only for those who command them.</summary>
public sealed class PersonalDataTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly MobilizeApp _app = fixture.App;

    private async Task<(World World, string City, string District, TeamInfo Team)> Setting()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var district = await world.District(city, "district", "西城区");
        return (world, city, district, await world.Team("team", district, 39.91, 116.36, 2, "first-aid"));
    }

    [Fact]
    public async Task personal_data_is_unmasked_only_for_a_role_that_needs_it_with_a_reason_and_each_view_is_audited()
    {
        var (world, city, district, team) = await Setting();
        var volunteer = team.Members[1];
        var url = $"/api/volunteers/{volunteer}";
        var masked = await world.Get(url);
        Assert.True((bool)masked["masked"]!);
        Assert.Contains("****", (string)masked["phone"]!);

        Assert.Equal(["reason"], (await (await world.Client.GetAsync($"{url}?unmasked=true")).Expect(HttpStatusCode.BadRequest)).ErrorFields());

        using var commander = _app.CreateCommanderClient(district);
        var unmasked = await (await commander.GetAsync($"{url}?unmasked=true&reason=核实身份")).Expect(HttpStatusCode.OK);
        Assert.False((bool)unmasked["masked"]!);
        Assert.DoesNotContain("*", (string)unmasked["phone"]!);

        using var observer = _app.CreateClient(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(city)));
        using var leader = _app.CreateClient(new TokenGrant(Roles.TeamLeader, Volunteer: VolunteerId.Create(team.Leader), Team: TeamId.Create(team.Id)));
        await (await observer.GetAsync($"{url}?unmasked=true&reason=x")).Expect(HttpStatusCode.Forbidden);
        await (await leader.GetAsync($"{url}?unmasked=true&reason=x")).Expect(HttpStatusCode.Forbidden);
        Assert.True((bool)(await (await observer.GetAsync(url)).Expect(HttpStatusCode.OK))["masked"]!);

        var audit = (await world.Get("/api/audit")).AsArray();
        var entry = Assert.Single(audit, e => (string?)e!["subject"] == volunteer);
        Assert.Equal($"commander:{district}", (string?)entry!["who"]);
        Assert.Equal("commander", (string?)entry["role"]);
        Assert.Equal("volunteer.unmasked", (string?)entry["action"]);
        Assert.Equal("核实身份", (string?)entry["reason"]);
        Assert.Equal(MobilizeApp.Start.Date, DateTimeOffset.Parse((string)entry["at"]!).UtcDateTime.Date);
        await (await commander.GetAsync("/api/audit")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_volunteers_precise_position_goes_to_themself_and_their_commanders_while_on_duty_and_a_kilometre_grid_to_everyone_else()
    {
        var (world, city, district, team) = await Setting();
        var volunteer = team.Members[1];
        using var phone = _app.CreateVolunteerClient(volunteer);
        await (await phone.PutJson($"/api/volunteers/{volunteer}/location", new { latitude = 39.914567, longitude = 116.367891, accuracyMeters = 8 }))
            .Expect(HttpStatusCode.OK);

        using var commander = _app.CreateCommanderClient(district);
        using var observer = _app.CreateClient(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(city)));
        using var leader = _app.CreateClient(new TokenGrant(Roles.TeamLeader, Volunteer: VolunteerId.Create(team.Leader), Team: TeamId.Create(team.Id)));
        async Task<(double Latitude, double Longitude, double Accuracy)> Seen(HttpClient client)
        {
            var location = (await (await client.GetAsync($"/api/volunteers/{volunteer}/status")).Expect(HttpStatusCode.OK))["location"]!;
            return ((double)location["point"]!["latitude"]!, (double)location["point"]!["longitude"]!, (double)location["accuracyMeters"]!);
        }

        var precise = (39.914567, 116.367891, 8.0);
        var coarse = (39.91, 116.37, 1_000.0);
        Assert.Equal(precise, await Seen(phone));
        Assert.Equal(precise, await Seen(commander));
        Assert.Equal(coarse, await Seen(observer));
        Assert.Equal(coarse, await Seen(leader));
        Assert.Equal(coarse, await Seen(world.Client));

        // Off duty the position is dropped altogether (the rest-after-a-task case, coarse for commanders, is in
        // LocationPrivacyTests).
        await (await phone.PutJson($"/api/volunteers/{volunteer}/duty", new { status = "Off" })).Expect(HttpStatusCode.OK);
        Assert.Null((await (await commander.GetAsync($"/api/volunteers/{volunteer}/status")).Expect(HttpStatusCode.OK))["location"]);
    }
}
