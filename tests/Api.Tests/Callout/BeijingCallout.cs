using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Callout;

/// <summary>A flood callout in central Beijing, set up through the API: a city plan asking for two water-rescue teams
/// within 3 km, widening to the district (15 km) and then the city (30 km) when a wave runs dry.</summary>
/// <remarks>The incident is near 东城 (39.928N 116.425E), and every team is 东城's, since a district's incident recruits
/// its own district's teams until the ladder reaches the city. Ranked by arrival time: team D (0.5 km), team C
/// (1.6 km, towards 朝阳), team E (2.6 km); beyond the first radius team H (11 km, towards 海淀) and team F (14 km,
/// towards 丰台). Team X is closest of all (0.1 km) but its members' certificates expired last year. A 朝阳 team G
/// (0.3 km) is never offered nor explained: the ladder's city step is never reached.</remarks>
public sealed class BeijingCallout(World world)
{
    public const double IncidentLatitude = 39.928;
    public const double IncidentLongitude = 116.425;

    public string City { get; private set; } = "";
    public string Dongcheng { get; private set; } = "";
    public TeamInfo D { get; private set; } = null!;
    public TeamInfo C { get; private set; } = null!;
    public TeamInfo E { get; private set; } = null!;
    public TeamInfo H { get; private set; } = null!;
    public TeamInfo F { get; private set; } = null!;
    public TeamInfo X { get; private set; } = null!;
    public TeamInfo G { get; private set; } = null!;
    public string Incident => world.Id("flood");

    private HttpClient Client => world.Client;

    public async Task SetUpAsync()
    {
        City = await world.City();
        Dongcheng = await world.District(City, "dongcheng", "东城区");
        var chaoyang = await world.District(City, "chaoyang", "朝阳区");

        await (await Client.PutJson($"/api/organisations/{City}/plans/flood", new
        {
            id = world.Id("plan-flood"),
            requirements = new[] { new { key = "water", capability = "water-rescue", teams = 2, minimumMembers = 2 } },
            radiusMeters = 3_000,
            offerTimeout = "00:03:00",
            overOfferFactor = 1.5,
            ladder = new object[] { new { level = "District", radiusMeters = 15_000 }, new { level = "City", radiusMeters = 30_000 } },
        })).Expect(HttpStatusCode.OK);

        D = await world.Team("D", Dongcheng, 39.930, 116.420, members: 2, capability: "water-rescue", minimumToMuster: 2);
        C = await world.Team("C", Dongcheng, 39.920, 116.440, members: 2, capability: "water-rescue", minimumToMuster: 2);
        E = await world.Team("E", Dongcheng, 39.945, 116.405, members: 2, capability: "water-rescue", minimumToMuster: 2);
        H = await world.Team("H", Dongcheng, 39.960, 116.300, members: 2, capability: "water-rescue", minimumToMuster: 2);
        F = await world.Team("F", Dongcheng, 39.860, 116.290, members: 2, capability: "water-rescue", minimumToMuster: 2);
        X = await ExpiredTeamAsync(Dongcheng);
        G = await world.Team("G", chaoyang, 39.926, 116.427, members: 2, capability: "water-rescue", minimumToMuster: 2);
    }

    public async Task<JsonNode> OpenIncidentAsync(string? idempotencyKey = null) =>
        await (await Client.PostJson("/api/incidents", new
        {
            id = Incident,
            incidentType = "flood",
            place = new { latitude = IncidentLatitude, longitude = IncidentLongitude },
            organisationId = Dongcheng,
            severity = 3,
            exercise = false,
            description = "内涝，居民被困",
        }, idempotencyKey)).Expect(HttpStatusCode.Created);

    public Task<JsonNode> SummaryAsync() => world.Get($"/api/incidents/{Incident}");

    /// <summary>The offer the incident made to <paramref name="team"/>.</summary>
    public async Task<string> OfferToAsync(TeamInfo team) =>
        (string)(await SummaryAsync())["offers"]!.AsArray().Single(o => (string?)o!["team"] == team.Id)!["id"]!;

    public Task<HttpResponseMessage> AnswerAsync(TeamInfo team, string offer, string volunteer, string answer, double? etaMinutes = null, string? key = null) =>
        Client.PostJson($"/api/teams/{team.Id}/offers/{offer}/answers", new { volunteerId = volunteer, answer, etaMinutes }, key);

    private async Task<TeamInfo> ExpiredTeamAsync(string organisation)
    {
        var members = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var id = world.Id($"X-m{i}");
            await (await Client.PostJson("/api/volunteers", new
            {
                id,
                realName = $"过期{i}",
                phone = World.NewPhone(),
                certifications = new[] { new { capability = "water-rescue", issued = World.Today.AddYears(-2), expires = World.Today.AddYears(-1) } },
                insurance = new { policyNumber = "PICC-" + id, validFrom = World.Today.AddMonths(-6), validTo = World.Today.AddMonths(6) },
            })).Expect(HttpStatusCode.Created);
            await (await Client.PutJson($"/api/volunteers/{id}/duty", new { status = "Available" })).Expect(HttpStatusCode.OK);
            members.Add(id);
        }
        var team = world.Id("X");
        await (await Client.PostJson("/api/teams", new
        {
            id = team, name = "过期队", organisationId = organisation, leaderId = members[0],
            baseLocation = new { latitude = 39.929, longitude = 116.426 }, minimumMembersToMuster = 2,
        })).Expect(HttpStatusCode.Created);
        await (await Client.PostJson($"/api/teams/{team}/members", new { volunteerId = members[1] })).Expect(HttpStatusCode.OK);
        await (await Client.PutJson($"/api/teams/{team}/duty", new { status = "Available" })).Expect(HttpStatusCode.OK);
        return new TeamInfo(team, members);
    }
}
