using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Console;

/// <summary>A city with two districts: a two-member water-rescue team in 东城区, a medical team in 海淀区 and a logistics
/// team of the city itself; and helpers to open a callout and follow its offer.</summary>
internal sealed class ConsoleWorld(MobilizeApp app)
{
    public World World { get; } = new(app.CreateClient());
    public HttpClient Client => World.Client;
    public string City { get; private set; } = "";
    public string Dongcheng { get; private set; } = "";
    public string Haidian { get; private set; } = "";
    public TeamInfo Water { get; private set; } = null!;
    public TeamInfo Medical { get; private set; } = null!;
    public TeamInfo Logistics { get; private set; } = null!;

    public async Task SetUpAsync()
    {
        City = await World.City();
        Dongcheng = await World.District(City, "dongcheng", "东城区");
        Haidian = await World.District(City, "haidian", "海淀区");
        Water = await World.Team("water", Dongcheng, 39.93, 116.42, 2, "water-rescue");
        Medical = await World.Team("medical", Haidian, 39.96, 116.30, 1, "medical");
        Logistics = await World.Team("logistics", City, 39.90, 116.40, 1, "logistics");
    }

    /// <summary>A flood in 东城区 asking for one water-rescue team of at least one member; returns the offer the team got.</summary>
    public async Task<(string Incident, string Offer)> OpenFloodAsync(string key)
    {
        var id = World.Id(key);
        await (await Client.PostJson("/api/incidents", new
        {
            id, incidentType = "flood", place = new { latitude = 39.931, longitude = 116.421 }, organisationId = Dongcheng, severity = 3,
            requirements = new[] { new { key = "water", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        })).Expect(HttpStatusCode.Created);
        // The incident sends its offer one-way after answering; the team holds it a moment later.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var offers = (await World.Get($"/api/teams/{Water.Id}/offers")).AsArray();
            if (offers.FirstOrDefault(o => (string?)o!["offer"]!["incident"] == id) is { } offer) return (id, (string)offer["offer"]!["offer"]!);
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"The offer of {id} never reached team {Water.Id}.");
    }

    public async Task AnswerAsync(string offer, string volunteer, string answer, int? etaMinutes = null) =>
        await (await app.CreateVolunteerClient(volunteer).PostJson($"/api/teams/{Water.Id}/offers/{offer}/answers",
            new { volunteerId = volunteer, answer, etaMinutes })).Expect(HttpStatusCode.OK);

    public async Task CheckInAsync(string incident, string volunteer, bool arrive = true) =>
        await (await Client.PostJson($"/api/incidents/{incident}/{(arrive ? "check-ins" : "check-outs")}",
            new { volunteerId = volunteer, teamId = Water.Id })).Expect(HttpStatusCode.OK);

    public static JsonNode Team(JsonNode responders, string requirement, string team) =>
        responders["requirements"]!.AsArray().Single(r => (string?)r!["key"] == requirement)!["teams"]!.AsArray().Single(t => (string?)t!["team"] == team)!;

    public static JsonNode Member(JsonNode team, string volunteer) =>
        team["members"]!.AsArray().Single(m => (string?)m!["volunteer"] == volunteer)!;
}
