using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Dispatch;

/// <summary>What dispatch refuses at the door (an unknown capability, a place outside the jurisdiction), the team list,
/// and arrival times in minutes.</summary>
public sealed class DispatchInputTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());
    private HttpClient Client => _world.Client;

    private object Incident(string id, string organisation, double latitude, double longitude, string capability = "water-rescue") => new
    {
        id, incidentType = "flood", place = new { latitude, longitude }, organisationId = organisation, severity = 2,
        requirements = new[] { new { key = "boats", capability, teams = 1, minimumMembers = 1 } },
    };

    private async Task<(string City, string Chaoyang)> BeijingWithCodes()
    {
        var city = _world.Id("bj");
        await (await Client.PostJson("/api/organisations", new { id = city, name = "北京市", level = "City", districtCode = "110000" })).Expect(HttpStatusCode.Created);
        var chaoyang = _world.Id("cy");
        await (await Client.PostJson("/api/organisations", new { id = chaoyang, name = "朝阳区", level = "District", parentId = city, districtCode = "110105" }))
            .Expect(HttpStatusCode.Created);
        return (city, chaoyang);
    }

    [Fact]
    public async Task a_misspelt_capability_is_refused_with_422_naming_the_field_and_the_code_meant_and_nothing_is_opened()
    {
        var city = await _world.City();
        await _world.Team("boat", city, 39.93, 116.42, 1, "water-rescue");
        var id = _world.Id("typo");

        var response = await Client.PostJson("/api/incidents", Incident(id, city, 39.93, 116.42, capability: "water_rescue"));

        var problem = await response.Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:mobilize:problem:capability.unknown", (string?)problem["type"]);
        var message = (string?)problem["errors"]!["requirements[0].capability"]![0];
        Assert.Contains("'water-rescue'", message);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/incidents/{id}")).StatusCode);
    }

    [Fact]
    public async Task a_district_incident_far_outside_its_boundary_is_refused_with_422_naming_the_place_and_one_inside_opens()
    {
        var (_, chaoyang) = await BeijingWithCodes();
        var outside = _world.Id("outside");

        var refused = await Client.PostJson("/api/incidents", Incident(outside, chaoyang, 10, 10));
        var problem = await refused.Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:mobilize:problem:place.outside-jurisdiction", (string?)problem["type"]);
        Assert.Contains("朝阳区", (string?)problem["errors"]!["place"]![0]);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/incidents/{outside}")).StatusCode);
        // 海淀区 (中关村) lies in the city but outside 朝阳区.
        await (await Client.PostJson("/api/incidents", Incident(_world.Id("haidian"), chaoyang, 39.9840, 116.3070))).Expect(HttpStatusCode.UnprocessableEntity);

        // 国贸 lies in 朝阳区.
        await (await Client.PostJson("/api/incidents", Incident(_world.Id("guomao"), chaoyang, 39.9090, 116.4600))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task a_team_based_outside_its_organisations_boundary_is_refused_with_422_naming_the_base()
    {
        var (city, _) = await BeijingWithCodes();
        var leader = await _world.Volunteer("far-leader", "water-rescue");
        var id = _world.Id("far-team");

        var refused = await Client.PostJson("/api/teams", new
        {
            id, name = "远方救援队", organisationId = city, leaderId = leader, baseLocation = new { latitude = 31.23, longitude = 121.47 },
            minimumMembersToMuster = 1,
        });

        var problem = await refused.Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("baseLocation", problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/teams/{id}")).StatusCode);
    }

    [Fact]
    public async Task the_team_list_holds_an_organisations_teams_and_those_beneath_it_a_page_at_a_time()
    {
        var city = await _world.City();
        var district = await _world.District(city, "d", "东城区");
        var other = _world.Id("tj");
        await (await Client.PostJson("/api/organisations", new { id = other, name = "天津市", level = "City" })).Expect(HttpStatusCode.Created);
        var a = await _world.Team("a", city, 39.93, 116.42, 1, "water-rescue");
        var b = await _world.Team("b", district, 39.93, 116.42, 1, "water-rescue");
        var c = await _world.Team("c", district, 39.93, 116.42, 1, "water-rescue");
        await _world.Team("elsewhere", other, 39.93, 116.42, 1, "water-rescue");

        var first = await _world.Get($"/api/teams?organisationId={city}&limit=2");
        var second = await _world.Get($"/api/teams?organisationId={city}&limit=2&offset=2");
        var beneath = await _world.Get($"/api/teams?organisationId={district}");

        Assert.Equal(3, (int)first["total"]!);
        Assert.Equal([a.Id, b.Id], Ids(first));
        Assert.Equal([c.Id], Ids(second));
        Assert.Equal([b.Id, c.Id], Ids(beneath));
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/teams")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync($"/api/teams?organisationId={city}&limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/teams?organisationId={_world.Id("nowhere")}")).StatusCode);
    }

    [Fact]
    public async Task the_explanation_and_the_offer_give_arrival_times_in_minutes()
    {
        var city = await _world.City();
        var team = await _world.Team("eta", city, 39.9300, 116.4200, 1, "water-rescue");
        var id = _world.Id("eta-flood");
        await (await Client.PostJson("/api/incidents", Incident(id, city, 39.9300, 116.4400))).Expect(HttpStatusCode.Created);

        var verdict = (await _world.Get($"/api/incidents/{id}/explanation"))["candidates"]!.AsArray().Single(v => (string?)v!["team"] == team.Id)!;

        Assert.Null(verdict["eta"]);
        Assert.Equal(JsonValueKind.Number, verdict["etaMinutes"]!.GetValueKind());
        Assert.InRange((double)verdict["etaMinutes"]!, 0.5, 10);

        var offer = (string)(await _world.Get($"/api/incidents/{id}"))["offers"]![0]!["id"]!;
        var answered = await (await Client.PostJson($"/api/teams/{team.Id}/offers/{offer}/answers",
            new { volunteerId = team.Leader, answer = "Accept", etaMinutes = 12 })).Expect(HttpStatusCode.OK);
        Assert.Equal(12, (double)answered["answers"]![0]!["etaMinutes"]!);
        Assert.Null(answered["answers"]![0]!["eta"]);
        Assert.Equal(12, (double)answered["muster"]!["etaOfMinimumMinutes"]!);
        Assert.Equal(12, (double)(await _world.Get($"/api/teams/{team.Id}/offers"))[0]!["answers"]![0]!["etaMinutes"]!);
    }

    private static string[] Ids(JsonNode page) => [.. page["items"]!.AsArray().Select(t => (string)t!["id"]!)];
}
