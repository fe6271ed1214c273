using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Plans;

/// <summary>What the launch form asks before a callout goes out: the jurisdiction's districts, the plans that apply to a
/// place in it, and the dry run that names whom the callout would offer first without offering anything.</summary>
public sealed class LaunchApiTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());
    private HttpClient Client => _world.Client;

    // 国贸, in 朝阳区; 中关村 lies in the city but in 海淀区.
    private const double InChaoyangLat = 39.9087, InChaoyangLon = 116.4605;
    private const double InHaidianLat = 39.9840, InHaidianLon = 116.3070;

    private async Task<(string City, string Chaoyang)> Beijing()
    {
        var city = _world.Id("bj");
        await (await Client.PostJson("/api/organisations", new { id = city, name = "北京市", level = "City", districtCode = "110000" })).Expect(HttpStatusCode.Created);
        var chaoyang = _world.Id("cy");
        await (await Client.PostJson("/api/organisations", new { id = chaoyang, name = "朝阳区", level = "District", parentId = city, districtCode = "110105" }))
            .Expect(HttpStatusCode.Created);
        return (city, chaoyang);
    }

    private async Task SavePlan(string organisation, string type, string capability, int teams = 1, double radius = 10_000) =>
        await (await Client.PutJson($"/api/organisations/{organisation}/plans/{type}", new
        {
            id = _world.Id($"plan-{type}"),
            requirements = new[] { new { key = "crew", capability, teams, minimumMembers = 1 } },
            radiusMeters = radius, offerTimeout = "00:05:00", overOfferFactor = 1.0,
        })).Expect(HttpStatusCode.OK);

    private object Launch(string organisation, double latitude, double longitude, string? id = null, string type = "flood", int? severity = 2) => new
    {
        id, incidentType = type, place = new { latitude, longitude }, organisationId = organisation, severity,
    };

    [Fact]
    public async Task the_plans_of_a_place_are_the_nearest_per_type_up_the_ladder_and_a_place_outside_is_refused_naming_it()
    {
        var (city, chaoyang) = await Beijing();
        await SavePlan(city, "flood", "water-rescue");
        await SavePlan(city, "earthquake", "search-rescue", teams: 2);
        await SavePlan(chaoyang, "Flood", "first-aid");
        var commander = fixture.App.CreateCommanderClient(chaoyang);

        var listed = await (await commander.GetAsync($"/api/organisations/{chaoyang}/plans?latitude={InChaoyangLat}&longitude={InChaoyangLon}")).Expect(HttpStatusCode.OK);

        var plans = listed["plans"]!.AsArray();
        Assert.Equal(["earthquake", "flood"], plans.Select(p => ((string)p!["incidentType"]!).ToLowerInvariant()).Order());
        var flood = plans.Single(p => (string?)p!["incidentType"] is "flood" or "Flood")!;
        Assert.Equal(chaoyang, (string?)flood["jurisdiction"]);
        Assert.Equal("first-aid", (string?)flood["requirements"]![0]!["capability"]);
        var earthquake = plans.Single(p => (string?)p!["incidentType"] == "earthquake")!;
        Assert.Equal(city, (string?)earthquake["jurisdiction"]);
        Assert.Equal(2, (int)earthquake["requirements"]![0]!["teams"]!);

        var outside = await (await commander.GetAsync($"/api/organisations/{chaoyang}/plans?latitude={InHaidianLat}&longitude={InHaidianLon}"))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:mobilize:problem:place.outside-jurisdiction", (string?)outside["type"]);
        Assert.Contains("朝阳区", (string?)outside["errors"]!["place"]![0]);
        // The city's commander may launch there.
        await (await fixture.App.CreateCommanderClient(city).GetAsync($"/api/organisations/{city}/plans?latitude={InHaidianLat}&longitude={InHaidianLon}"))
            .Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("?latitude=91&longitude=116.4", "latitude")]
    [InlineData("?latitude=39.9", "longitude")]
    [InlineData("?longitude=200", "latitude")]
    public async Task a_bad_place_is_refused_with_400_naming_the_field(string query, string field)
    {
        var (_, chaoyang) = await Beijing();
        var problem = await (await Client.GetAsync($"/api/organisations/{chaoyang}/plans{query}")).Expect(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.ErrorFields());
    }

    [Fact]
    public async Task an_unknown_organisation_has_no_plans_and_no_area()
    {
        await (await Client.GetAsync($"/api/organisations/{_world.Id("nowhere")}/plans")).Expect(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/api/organisations/{_world.Id("nowhere")}/area")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_area_lists_the_districts_of_the_jurisdiction_each_with_a_point_inside_that_the_plans_accept()
    {
        var (city, chaoyang) = await Beijing();

        var district = await (await fixture.App.CreateCommanderClient(chaoyang).GetAsync($"/api/organisations/{chaoyang}/area")).Expect(HttpStatusCode.OK);
        var only = Assert.Single(district["districts"]!.AsArray())!;
        Assert.Equal("110105", (string?)only["code"]);
        Assert.Equal("朝阳区", (string?)only["name"]);
        Assert.Equal("beijing-districts", (string?)only["source"]);
        var inside = only["inside"]!;
        await (await Client.GetAsync($"/api/organisations/{chaoyang}/plans?latitude={inside["latitude"]}&longitude={inside["longitude"]}")).Expect(HttpStatusCode.OK);

        var whole = await (await Client.GetAsync($"/api/organisations/{city}/area")).Expect(HttpStatusCode.OK);
        var names = whole["districts"]!.AsArray().Select(d => (string)d!["name"]!).ToList();
        Assert.Equal(16, names.Count);
        Assert.Contains("海淀区", names);
        foreach (var d in whole["districts"]!.AsArray())
        {
            var point = d!["inside"]!;
            await (await Client.GetAsync($"/api/organisations/{city}/plans?latitude={point["latitude"]}&longitude={point["longitude"]}")).Expect(HttpStatusCode.OK);
        }
        // No code anywhere on the ladder: the area is unknown, and said to be.
        var bare = await _world.City("无编码市");
        var unknown = await (await Client.GetAsync($"/api/organisations/{bare}/area")).Expect(HttpStatusCode.OK);
        Assert.Empty(unknown["districts"]!.AsArray());
        Assert.Null(unknown["organisation"]);
    }

    [Fact]
    public async Task a_preview_names_the_teams_the_callout_would_offer_first_changes_nothing_and_the_launch_then_offers_them()
    {
        var (city, chaoyang) = await Beijing();
        await SavePlan(city, "flood", "water-rescue", radius: 20_000);
        var near = await _world.Team("near", chaoyang, 39.9100, 116.4610, 1, "water-rescue");
        var far = await _world.Team("far", chaoyang, 39.9500, 116.5200, 1, "water-rescue");
        var medics = await _world.Team("medics", chaoyang, 39.9090, 116.4600, 1, "medical");
        var commander = fixture.App.CreateCommanderClient(chaoyang);
        var id = _world.Id("dry");

        var preview = await (await commander.PostJson("/api/incidents/preview", Launch(chaoyang, InChaoyangLat, InChaoyangLon, id))).Expect(HttpStatusCode.OK);

        Assert.Equal(city, (string?)preview["planJurisdiction"]);
        var requirement = Assert.Single(preview["requirements"]!.AsArray())!;
        Assert.Equal("water-rescue", (string?)requirement["capability"]);
        var offer = Assert.Single(requirement["offers"]!.AsArray())!;
        Assert.Equal(near.Id, (string?)offer["team"]);
        Assert.Equal("救援队near", (string?)offer["name"]);
        Assert.True((double)offer["etaMinutes"]! < 2, offer.ToJsonString());
        Assert.Equal(2, (int)requirement["eligible"]!);
        Assert.DoesNotContain(medics.Id, requirement["offers"]!.AsArray().Select(o => (string?)o!["team"]));

        // Nothing was opened, offered or published.
        await (await Client.GetAsync($"/api/incidents/{id}")).Expect(HttpStatusCode.NotFound);
        var offers = await (await Client.GetAsync($"/api/teams/{near.Id}/offers")).Expect(HttpStatusCode.OK);
        Assert.Empty(OpenOffers(offers));
        var listed = await (await Client.GetAsync($"/api/organisations/{chaoyang}/incidents?exercises=include")).Expect(HttpStatusCode.OK);
        Assert.Empty(listed.AsArray());

        var launched = await (await commander.PostJson("/api/incidents", Launch(chaoyang, InChaoyangLat, InChaoyangLon, id))).Expect(HttpStatusCode.Created);
        Assert.Equal([near.Id], launched["offers"]!.AsArray().Select(o => (string)o!["team"]!));
        Assert.NotEqual(far.Id, near.Id);
    }

    private static IEnumerable<JsonNode?> OpenOffers(JsonNode offers) =>
        (offers as JsonArray ?? offers["items"]?.AsArray() ?? offers["offers"]?.AsArray() ?? []).Where(o => (string?)o!["status"] is "Open" or "Pending");

    [Fact]
    public async Task a_preview_that_nobody_can_fill_says_so_with_the_reasons_counted()
    {
        var (_, chaoyang) = await Beijing();
        var idle = await _world.Team("idle", chaoyang, 39.9100, 116.4610, 1, "water-rescue");
        await (await Client.PutJson($"/api/teams/{idle.Id}/duty", new { status = "Off" })).Expect(HttpStatusCode.OK);

        var preview = await (await fixture.App.CreateCommanderClient(chaoyang).PostJson("/api/incidents/preview", new
        {
            incidentType = "flood", place = new { latitude = InChaoyangLat, longitude = InChaoyangLon }, organisationId = chaoyang, severity = 3,
            requirements = new[] { new { key = "boats", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        })).Expect(HttpStatusCode.OK);

        var requirement = Assert.Single(preview["requirements"]!.AsArray())!;
        Assert.Empty(requirement["offers"]!.AsArray());
        Assert.Equal("Unfillable", (string?)requirement["status"]);
        Assert.Equal(1, (int)requirement["excluded"]!["NotOnDuty"]!);
        Assert.True((bool)preview["explicitRequirements"]!);
    }

    [Fact]
    public async Task a_bad_preview_is_refused_like_the_launch_naming_each_field_and_a_place_outside_with_422()
    {
        var (_, chaoyang) = await Beijing();
        var commander = fixture.App.CreateCommanderClient(chaoyang);

        var missing = await (await commander.PostJson("/api/incidents/preview", Launch(chaoyang, 95, InChaoyangLon, severity: null))).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("severity", missing.ErrorFields());
        Assert.Contains("place.latitude", missing.ErrorFields());
        var noPlan = await (await commander.PostJson("/api/incidents/preview", Launch(chaoyang, InChaoyangLat, InChaoyangLon, type: "landslide")))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Contains("requirements", noPlan.ErrorFields());
        var outside = await (await commander.PostJson("/api/incidents/preview", Launch(chaoyang, InHaidianLat, InHaidianLon))).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:mobilize:problem:place.outside-jurisdiction", (string?)outside["type"]);
        Assert.Contains("place", outside.ErrorFields());
        var severity = await (await commander.PostJson("/api/incidents/preview", Launch(chaoyang, InChaoyangLat, InChaoyangLon, severity: 9)))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Contains("severity", severity.ErrorFields());
    }

    [Fact]
    public async Task observers_read_the_plans_and_the_area_but_may_not_preview_a_launch()
    {
        var (city, chaoyang) = await Beijing();
        var observer = fixture.App.CreateClient(new Mobilize.Api.Access.TokenGrant(Mobilize.Api.Access.Roles.Observer,
            Organisation: Mobilize.Grains.Shared.OrganisationId.Create(city)));
        await (await observer.GetAsync($"/api/organisations/{chaoyang}/plans")).Expect(HttpStatusCode.OK);
        await (await observer.GetAsync($"/api/organisations/{chaoyang}/area")).Expect(HttpStatusCode.OK);
        await (await observer.PostJson("/api/incidents/preview", Launch(chaoyang, InChaoyangLat, InChaoyangLon))).Expect(HttpStatusCode.Forbidden);
        // A district's commander cannot look at the city's launch either.
        await (await fixture.App.CreateCommanderClient(chaoyang).PostJson("/api/incidents/preview", Launch(city, InChaoyangLat, InChaoyangLon)))
            .Expect(HttpStatusCode.Forbidden);
    }
}
