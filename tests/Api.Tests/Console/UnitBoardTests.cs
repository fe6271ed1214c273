using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Console;

/// <summary><c>GET /api/organisations/{id}/units</c> and <c>…/districts</c>: the unit status board of a jurisdiction.</summary>
public sealed class UnitBoardTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>, IAsyncLifetime
{
    private readonly ConsoleWorld _world = new(fixture.App);

    public Task InitializeAsync() => _world.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<JsonNode> Board(string query = "") => _world.World.Get($"/api/organisations/{_world.City}/units{query}");

    private static string[] Ids(JsonNode board) => [.. board["units"]!.AsArray().Select(u => (string)u!["id"]!).Order()];

    private async Task<string> StatusOf(string team) =>
        (string)(await Board())["units"]!.AsArray().Single(u => (string?)u!["id"] == team)!["status"]!;

    [Fact]
    public async Task the_board_counts_teams_per_status_and_filters_by_district_capability_and_status()
    {
        var all = await Board();
        Assert.Equal([_world.Logistics.Id, _world.Medical.Id, _world.Water.Id], Ids(all));
        Assert.Equal(3, (int)all["counts"]!["Available"]!);
        Assert.Equal(0, (int)all["counts"]!["OnScene"]!);
        Assert.Equal(3, (int)all["total"]!);
        Assert.Equal(["logistics", "medical", "water-rescue"], all["capabilities"]!.AsArray().Select(c => (string)c!).ToArray());
        var water = all["units"]!.AsArray().Single(u => (string?)u!["id"] == _world.Water.Id)!;
        Assert.Equal(_world.Dongcheng, (string?)water["district"]);
        Assert.Equal(2, (int)water["capabilities"]!["water-rescue"]!);
        Assert.Null((string?)all["units"]!.AsArray().Single(u => (string?)u!["id"] == _world.Logistics.Id)!["district"]);

        Assert.Equal([_world.Water.Id], Ids(await Board($"?district={_world.Dongcheng}")));
        Assert.Equal([_world.Medical.Id], Ids(await Board("?capability=medical")));
        Assert.Empty(Ids(await Board($"?capability=medical&district={_world.Dongcheng}")));
        var offered = await Board("?status=Offered");
        Assert.Empty(Ids(offered));
        Assert.Equal(3, (int)offered["counts"]!["Available"]!);
        var page = await Board("?limit=2");
        Assert.Equal(2, page["units"]!.AsArray().Count);
        Assert.Equal(3, (int)page["total"]!);

        var districts = await _world.World.Get($"/api/organisations/{_world.City}/districts");
        Assert.Equal(["东城区", "海淀区"], districts.AsArray().Select(d => (string)d!["name"]!).Order().ToArray());
        Assert.Contains(_world.Dongcheng, districts.AsArray().Single(d => (string?)d!["id"] == _world.Dongcheng)!["organisations"]!.AsArray().Select(o => (string)o!));
    }

    [Fact]
    public async Task a_team_goes_from_offered_to_mustered_en_route_on_scene_and_resting_as_its_callout_runs()
    {
        var (incident, offer) = await _world.OpenFloodAsync("run");
        Assert.Equal("Offered", await StatusOf(_world.Water.Id));

        var member = _world.Water.Members[1];
        await _world.AnswerAsync(offer, member, "Accept", etaMinutes: 10);
        Assert.Equal("Mustered", await StatusOf(_world.Water.Id));
        var line = (await Board("?status=Mustered"))["units"]!.AsArray().Single()!;
        Assert.Equal(incident, (string?)line["incident"]);

        // The deployed member's phone reports a position after the muster: on the way (the team hears it one-way).
        fixture.App.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await fixture.App.CreateVolunteerClient(member).PutJson($"/api/volunteers/{member}/location",
            new { latitude = 39.925, longitude = 116.415, accuracyMeters = 10 })).Expect(HttpStatusCode.OK);
        string status = "";
        for (var attempt = 0; attempt < 100 && (status = await StatusOf(_world.Water.Id)) != "EnRoute"; attempt++) await Task.Delay(50);
        Assert.Equal("EnRoute", status);

        await _world.CheckInAsync(incident, member);
        Assert.Equal("OnScene", await StatusOf(_world.Water.Id));
        Assert.Equal(1, (int)(await Board())["counts"]!["OnScene"]!);

        await (await _world.Client.PostJson($"/api/incidents/{incident}/stand-down", null)).Expect(HttpStatusCode.OK);
        for (var attempt = 0; attempt < 100 && (status = await StatusOf(_world.Water.Id)) != "Resting"; attempt++) await Task.Delay(50);
        Assert.Equal("Resting", status);
        Assert.NotNull((string?)(await Board("?status=Resting"))["units"]!.AsArray().Single()!["restUntil"]);
    }

    [Fact]
    public async Task bad_filters_are_refused_naming_the_parameter_and_other_jurisdictions_are_forbidden()
    {
        foreach (var (query, field) in new[] { ("?status=Busy", "status"), ("?status=5", "status"), ("?district=nowhere", "district"),
                     ($"?district={_world.City}", "district"), ("?limit=0", "limit"), ("?limit=501", "limit"), ("?offset=-1", "offset"),
                     ($"?capability={new string('c', 65)}", "capability") })
        {
            var refused = await (await _world.Client.GetAsync($"/api/organisations/{_world.City}/units{query}")).Expect(HttpStatusCode.BadRequest);
            Assert.True(refused["errors"]![field] is not null, $"{query} named {refused["errors"]}");
        }

        var otherCity = await new World(fixture.App.CreateClient()).City("天津市");
        var foreign = fixture.App.CreateCommanderClient(otherCity);
        Assert.Equal(HttpStatusCode.Forbidden, (await foreign.GetAsync($"/api/organisations/{_world.City}/units")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await foreign.GetAsync($"/api/organisations/{_world.City}/districts")).StatusCode);
        // A district's commander sees their own district's board, not the city's.
        var district = fixture.App.CreateCommanderClient(_world.Dongcheng);
        Assert.Equal(HttpStatusCode.Forbidden, (await district.GetAsync($"/api/organisations/{_world.City}/units")).StatusCode);
        var own = await (await district.GetAsync($"/api/organisations/{_world.Dongcheng}/units")).Expect(HttpStatusCode.OK);
        Assert.Equal([_world.Water.Id], Ids(own));
        var observer = fixture.App.CreateClient(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(_world.City)));
        await (await observer.GetAsync($"/api/organisations/{_world.City}/units")).Expect(HttpStatusCode.OK);
        await (await _world.Client.GetAsync($"/api/organisations/{_world.World.Id("nowhere")}/units")).Expect(HttpStatusCode.NotFound);
    }
}
