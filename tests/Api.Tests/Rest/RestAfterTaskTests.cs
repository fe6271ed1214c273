using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Rest;

/// <summary>The rest after a stand-down follows from the plan's rule and the time worked, and the volunteer's status says why.</summary>
public sealed class RestAfterTaskTests : IAsyncLifetime
{
    private readonly MobilizeApp _app = new();
    private World _world = null!;
    private string _city = "";
    private string _district = "";

    public async Task InitializeAsync()
    {
        _world = new World(_app.CreateClient());
        _city = await _world.City();
        _district = await _world.District(_city, "dongcheng", "东城区");
        await (await _world.Client.PutJson($"/api/organisations/{_city}/plans/flood", new
        {
            id = _world.Id("plan-flood"),
            requirements = new[] { new { key = "water", capability = "water-rescue", teams = 1, minimumMembers = 2 } },
            radiusMeters = 10_000, offerTimeout = "00:05:00", overOfferFactor = 1,
            rest = new { minimumMinutes = 20, perHourWorkedMinutes = 30, maximumMinutes = 120 },
        })).Expect(HttpStatusCode.OK);
    }

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    [Fact]
    public async Task ninety_minutes_on_a_flood_whose_plan_rests_twenty_plus_thirty_an_hour_rests_sixty_five_minutes_with_its_reason()
    {
        var team = await _world.Team("A", _district, 39.930, 116.420, members: 2, capability: "water-rescue", minimumToMuster: 2);
        var incident = _world.Id("flood");
        var opened = await (await _world.Client.PostJson("/api/incidents", new
        {
            id = incident, incidentType = "flood", place = new { latitude = 39.928, longitude = 116.425 }, organisationId = _district,
            severity = 3, exercise = false,
        })).Expect(HttpStatusCode.Created);
        var offer = (string)opened["offers"]![0]!["id"]!;
        foreach (var member in team.Members)
            await (await _world.Client.PostJson($"/api/teams/{team.Id}/offers/{offer}/answers", new { volunteerId = member, answer = "Accept", etaMinutes = 10 }))
                .Expect(HttpStatusCode.OK);
        Assert.Null((await _world.Get($"/api/volunteers/{team.Leader}/status"))["restReason"]);

        _app.Clock.Advance(TimeSpan.FromMinutes(90));
        await (await _world.Client.PostAsync($"/api/incidents/{incident}/stand-down", null)).Expect(HttpStatusCode.OK);
        var stoodDownAt = _app.Clock.GetUtcNow();

        // The incident releases its teams one way: the rest lands a moment after the stand-down has answered.
        var status = await Eventually(() => _world.Get($"/api/volunteers/{team.Leader}/status"), s => (string?)s["status"] == "Resting");
        Assert.Equal("Resting", (string?)status["status"]);
        var reason = status["restReason"]!;
        Assert.Equal(incident, (string?)reason["incident"]);
        Assert.False((bool)reason["exercise"]!);
        Assert.Equal(90, (int)reason["workedMinutes"]!);
        Assert.Equal(20 + 45, (int)reason["restMinutes"]!);
        Assert.Equal(stoodDownAt.AddMinutes(65), DateTimeOffset.Parse((string)status["restUntil"]!));
        var teamView = await Eventually(() => _world.Get($"/api/teams/{team.Id}"), t => (string?)t["status"] == "Resting");
        Assert.Equal("Resting", (string?)teamView["status"]);

        // Once the rest is over the member is available again and no longer gives a reason.
        _app.Clock.Advance(TimeSpan.FromMinutes(65));
        var rested = await _world.Get($"/api/volunteers/{team.Leader}/status");
        Assert.Equal("Available", (string?)rested["status"]);
        Assert.Null(rested["restReason"]);
        Assert.Equal("Available", (string?)(await _world.Get($"/api/teams/{team.Id}"))["status"]);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> Eventually(Func<Task<System.Text.Json.Nodes.JsonNode>> read, Func<System.Text.Json.Nodes.JsonNode, bool> done)
    {
        var value = await read();
        for (var attempt = 0; attempt < 50 && !done(value); attempt++)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }

    [Fact]
    public async Task a_plan_whose_rest_ends_before_it_begins_is_refused_naming_the_field_and_the_old_plan_stays()
    {
        var city = _city;
        var refused = await (await _world.Client.PutJson($"/api/organisations/{city}/plans/flood", new
        {
            id = _world.Id("plan-flood"),
            requirements = new[] { new { key = "water", capability = "water-rescue", teams = 1, minimumMembers = 2 } },
            radiusMeters = 10_000, offerTimeout = "00:05:00", overOfferFactor = 1,
            rest = new { minimumMinutes = 60, perHourWorkedMinutes = 30, maximumMinutes = 30 },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["rest.maximumMinutes"]);
        var kept = await _world.Get($"/api/organisations/{city}/plans/flood");
        Assert.Equal(120, (int)kept["rest"]!["maximumMinutes"]!);
    }
}
