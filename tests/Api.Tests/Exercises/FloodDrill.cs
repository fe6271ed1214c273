using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Exercises;

/// <summary>A scripted flood drill in 朝阳区, driven only through the public API on the app's manual clock. Every id is
/// fixed and every answer comes from a <see cref="Random"/> with the given seed, so one seed is one exact run.</summary>
/// <remarks>Five water-rescue teams and two first-aid teams of two; the drill needs two boat teams and one medic team
/// within 20 km. Each pending offer is accepted, declined or left to time out by the dice; musters are followed by a
/// check-in after a random travel time; the exercise then ends.</remarks>
/// <param name="north">Degrees north of 朝阳 to put the drill, so drills sharing an application never find each other's teams.</param>
public sealed class FloodDrill(MobilizeApp app, HttpClient client, string prefix = "fd", double north = 0)
{
    public double Latitude { get; } = 39.920 + north;
    public double Longitude => 116.440;

    public string City => $"{prefix}-bj";
    public string Chaoyang => $"{prefix}-cy";
    public string Incident => $"{prefix}-drill-1";
    public IReadOnlyList<string> Teams { get; } =
        [.. Enumerable.Range(1, 5).Select(i => $"{prefix}-w{i}"), .. Enumerable.Range(1, 2).Select(i => $"{prefix}-m{i}")];

    public static string Member(string team, int index) => $"{team}-v{index}";

    public async Task SetUpAsync()
    {
        await (await client.PostJson("/api/organisations", new { id = City, name = "北京市", level = "City" })).Expect(HttpStatusCode.Created);
        await (await client.PostJson("/api/organisations", new { id = Chaoyang, name = "朝阳区", level = "District", parentId = City })).Expect(HttpStatusCode.Created);
        for (var i = 0; i < Teams.Count; i++)
        {
            var team = Teams[i];
            var capability = i < 5 ? "water-rescue" : "first-aid";
            for (var m = 0; m < 2; m++)
            {
                await (await client.PostJson("/api/volunteers", World.Registration(Member(team, m), "志愿者" + m, World.NewPhone(), capability))).Expect(HttpStatusCode.Created);
                await (await client.PutJson($"/api/volunteers/{Member(team, m)}/duty", new { status = "Available" })).Expect(HttpStatusCode.OK);
            }
            await (await client.PostJson("/api/teams", new
            {
                id = team,
                name = "救援队" + team,
                organisationId = Chaoyang,
                leaderId = Member(team, 0),
                baseLocation = new { latitude = Latitude + 0.01 * (i + 1), longitude = Longitude + 0.005 * i },
                minimumMembersToMuster = i < 5 ? 2 : 1,
            })).Expect(HttpStatusCode.Created);
            await (await client.PostJson($"/api/teams/{team}/members", new { volunteerId = Member(team, 1) })).Expect(HttpStatusCode.OK);
            await (await client.PutJson($"/api/teams/{team}/duty", new { status = "Available" })).Expect(HttpStatusCode.OK);
        }
    }

    public async Task<string> StartExerciseAsync(bool takesVolunteersFromRealDuty = false) =>
        (string)(await (await client.PostJson("/api/exercises", new { name = "汛期联合演练", organisationId = City, takesVolunteersFromRealDuty }))
            .Expect(HttpStatusCode.Created))["id"]!;

    public async Task<JsonNode> InjectAsync(string exercise) => await (await InjectWithAsync(client, exercise)).Expect(HttpStatusCode.Created);

    /// <summary>Injects the drill's incident as <paramref name="caller"/> would.</summary>
    public Task<HttpResponseMessage> InjectWithAsync(HttpClient caller, string exercise) =>
        caller.PostJson("/api/incidents", new
        {
            id = Incident,
            exerciseId = exercise,
            incidentType = "flood",
            place = new { latitude = Latitude, longitude = Longitude },
            organisationId = Chaoyang,
            severity = 3,
            requirements = new[]
            {
                new { key = "boats", capability = "water-rescue", teams = 2, minimumMembers = 2 },
                new { key = "medics", capability = "first-aid", teams = 1, minimumMembers = 1 },
            },
            radiusMeters = 20_000,
            offerTimeout = "00:05:00",
            description = "演练：内涝，居民被困",
        });

    public string RealIncident => $"{prefix}-real-1";

    /// <summary>A real flood at the drill's place, asking for <paramref name="boatTeams"/> boat teams.</summary>
    public async Task<JsonNode> OpenRealFloodAsync(int boatTeams) =>
        await (await client.PostJson("/api/incidents", new
        {
            id = RealIncident,
            incidentType = "flood",
            place = new { latitude = Latitude, longitude = Longitude },
            organisationId = Chaoyang,
            severity = 3,
            requirements = new[] { new { key = "boats", capability = "water-rescue", teams = boatTeams, minimumMembers = 2 } },
            radiusMeters = 20_000,
            offerTimeout = "00:05:00",
        })).Expect(HttpStatusCode.Created);

    /// <summary>Answers offers by the dice until the drill is filled or out of candidates, then checks the teams in and ends it.</summary>
    public async Task RunAsync(string exercise, int seed)
    {
        var dice = new Random(seed);
        for (var round = 0; round < 8; round++)
        {
            var summary = await Summary();
            if ((string?)summary["status"] is "Filled" or "Unfillable") break;
            foreach (var offer in summary["offers"]!.AsArray().Where(o => (string?)o!["status"] == "Pending").OrderBy(o => (int)o!["sequence"]!))
            {
                await TickAsync(TimeSpan.FromSeconds(dice.Next(15, 120)));
                var roll = dice.NextDouble();
                if (roll >= 0.8) continue;
                var team = (string)offer!["team"]!;
                await HeldAsync(team, (string)offer["id"]!);
                var answer = roll < 0.6 ? "Accept" : "Decline";
                for (var m = 0; m < 2; m++)
                {
                    var response = await client.PostJson($"/api/teams/{team}/offers/{offer["id"]}/answers",
                        new { volunteerId = Member(team, m), answer, etaMinutes = dice.Next(5, 30) });
                    // The second member's answer may find the offer closed (the team mustered or declined already).
                    if (response.StatusCode != HttpStatusCode.OK) await response.Expect(HttpStatusCode.Conflict);
                    await TickAsync(TimeSpan.FromSeconds(dice.Next(10, 90)));
                }
            }
            await TickAsync(TimeSpan.FromMinutes(5));
        }

        var assigned = (await Summary())["assignments"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var team in assigned)
        {
            await TickAsync(TimeSpan.FromMinutes(dice.Next(5, 25)));
            await (await client.PostJson($"/api/incidents/{Incident}/check-ins", new { volunteerId = Member(team, 0), teamId = team })).Expect(HttpStatusCode.OK);
        }
        await TickAsync(TimeSpan.FromMinutes(30));
        await (await client.PostAsync($"/api/exercises/{exercise}/end", null)).Expect(HttpStatusCode.OK);
    }

    public async Task<string> ReportJsonAsync(string exercise)
    {
        var response = await client.GetAsync($"/api/exercises/{exercise}/report");
        await response.Expect(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Moves the clock, stopping at every offer deadline on the way and waiting (bounded) until the incident
    /// has handled it: a deadline is then always handled at its own time, so every time written is the same run after run.</summary>
    private async Task TickAsync(TimeSpan by)
    {
        var target = app.Clock.GetUtcNow() + by;
        while (true)
        {
            var now = app.Clock.GetUtcNow();
            var next = PendingDeadlines(await Summary()).Where(d => d > now).DefaultIfEmpty(target).Min();
            var stop = next < target ? next : target;
            app.Clock.Advance(stop - now);
            for (var attempt = 0; PendingDeadlines(await Summary()).Any(d => d <= stop); attempt++)
            {
                if (attempt == 200) Assert.Fail($"Incident {Incident} never handled the deadlines due by {stop:u}.");
                await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
            }
            if (stop == target) return;
        }
    }

    private static IEnumerable<DateTimeOffset> PendingDeadlines(JsonNode summary) => summary["offers"]!.AsArray()
        .Where(o => (string?)o!["status"] == "Pending")
        .Select(o => DateTimeOffset.Parse((string)o!["expiresAt"]!, CultureInfo.InvariantCulture));

    /// <summary>Offers reach teams one way, after the incident has stored them; wait (bounded) until the team holds it.</summary>
    public async Task HeldAsync(string team, string offer)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var offers = await (await client.GetAsync($"/api/teams/{team}/offers")).Expect(HttpStatusCode.OK);
            if (offers.AsArray().Any(o => (string?)o!["offer"]!["offer"] == offer)) return;
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
        Assert.Fail($"Team {team} never received offer {offer}.");
    }

    private async Task<JsonNode> Summary() => await (await client.GetAsync($"/api/incidents/{Incident}")).Expect(HttpStatusCode.OK);
}
