using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Volunteers;

/// <summary>The offer card's facts as the phone reads them: the incident's type, severity, note and district (resolved
/// on the server from the shipped boundaries), the distance from the volunteer's last position or else the team's base,
/// and the arrival time one tap on accept proposes.</summary>
public sealed class VolunteerOffersTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());

    [Fact]
    public async Task the_card_says_what_where_how_far_how_bad_and_the_commanders_note()
    {
        var city = await _world.City();
        // The base 1.1 km north of the place: until the volunteer reports a position, that is where the distance is from.
        var team = await _world.Team("card", city, 39.925, 116.415, members: 1, "water-rescue");
        using var phone = fixture.App.CreateVolunteerClient(team.Leader);
        var incident = _world.Id("flood");
        await (await _world.Client.PostJson("/api/incidents", new
        {
            id = incident, incidentType = "flood", place = new { latitude = 39.915, longitude = 116.415 }, organisationId = city, severity = 3,
            description = "东单路口积水一米，有车辆被困",
            requirements = new[] { new { key = "rescue", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        })).Expect(HttpStatusCode.Created);

        var card = (await Eventually(phone, team.Leader))[0]!;
        Assert.Equal((team.Id, "救援队card"), ((string?)card["team"], (string?)card["teamName"]));
        var offer = card["offer"]!["offer"]!;
        Assert.Equal((incident, "flood", "water-rescue", 3), ((string?)offer["incident"], (string?)offer["incidentType"], (string?)offer["capability"], (int)offer["severity"]!));
        Assert.Equal(("东城区", "东单路口积水一米，有车辆被困"), ((string?)offer["placeName"], (string?)offer["description"]));
        Assert.Equal("TeamBase", (string?)card["distanceFrom"]);
        Assert.InRange((double)card["distanceMeters"]!, 1_050, 1_170);
        // 1.1 km at the ranking's 30 km/h is a little over 2 minutes: the one-tap answer says 5.
        Assert.Equal(5, (int)card["suggestedEtaMinutes"]!);

        // From home, 11 km east: the card measures from there, and proposes the longer drive.
        await (await phone.PutJson($"/api/volunteers/{team.Leader}/location", new { latitude = 39.915, longitude = 116.544, accuracyMeters = 20 }))
            .Expect(HttpStatusCode.OK);
        card = (await (await phone.GetAsync($"/api/volunteers/{team.Leader}/offers")).Expect(HttpStatusCode.OK))[0]!;
        Assert.Equal("Location", (string?)card["distanceFrom"]);
        Assert.InRange((double)card["distanceMeters"]!, 10_900, 11_100);
        Assert.Equal(25, (int)card["suggestedEtaMinutes"]!);
    }

    [Fact]
    public async Task a_volunteer_reads_only_their_own_cards()
    {
        var city = await _world.City();
        var team = await _world.Team("own", city, 39.925, 116.415, members: 2, "water-rescue");
        using var other = fixture.App.CreateVolunteerClient(team.Members[1]);
        using var commander = fixture.App.CreateCommanderClient(city);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/volunteers/{team.Leader}/offers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await commander.GetAsync($"/api/volunteers/{team.Leader}/offers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _world.Client.GetAsync($"/api/volunteers/{_world.Id("nobody")}/offers")).StatusCode);
    }

    private static async Task<System.Text.Json.Nodes.JsonArray> Eventually(HttpClient phone, string volunteer)
    {
        // The offer travels from the incident to the team one way; the phone hears of it as an event.
        for (var attempt = 0; ; attempt++)
        {
            var cards = (await (await phone.GetAsync($"/api/volunteers/{volunteer}/offers")).Expect(HttpStatusCode.OK)).AsArray();
            if (cards.Count > 0 || attempt == 100) return cards;
            await Task.Delay(100);
        }
    }
}
