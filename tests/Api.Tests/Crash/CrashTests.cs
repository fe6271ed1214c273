using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Crash;

/// <summary>SIGKILL the real server in the middle of a burst of answers and registrations, restart it on the same data
/// folder, and hold it to its word: every 2xx it sent is there exactly once and replays for a retry.</summary>
public sealed class CrashTests() : RealServerTest("crash")
{
    private const int Teams = 10;

    [Fact]
    public async Task every_acknowledged_answer_and_registration_survives_a_sigkill_exactly_once_and_open_incidents_resume_their_timers()
    {
        var world = new World(Server.CreateClient());
        var (incident, teams) = await OpenIncidentAsync(world);
        var offers = (await world.Get($"/api/incidents/{incident}"))["offers"]!.AsArray()
            .ToDictionary(o => (string)o!["team"]!, o => (string)o!["id"]!);
        Assert.Equal(Teams, offers.Count);

        // The last team stays silent, so some offer is certainly still open when the server dies.
        var burst = new List<BurstRequest>();
        foreach (var team in teams.Take(Teams - 1))
            foreach (var member in team.Members)
                burst.Add(new BurstRequest($"/api/teams/{team.Id}/offers/{offers[team.Id]}/answers",
                    new { volunteerId = member, answer = "Accept", etaMinutes = 10 }, team, member));
        for (var i = 0; i < 200; i++)
        {
            var id = world.Id($"burst{i}");
            burst.Add(new BurstRequest("/api/volunteers", World.Registration(id, "突击" + i, World.NewPhone(), "first-aid"), null, id));
        }
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(burst));

        var answered = 0;
        var killAt = burst.Count / 3;
        var killed = new TaskCompletionSource();
        var sends = burst.Select(async request =>
        {
            try
            {
                var response = await world.Client.PostJson(request.Url, request.Body, request.Key);
                request.Status = response.StatusCode;
                request.ResponseBody = await response.Content.ReadAsStringAsync();
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
            {
                request.Status = null;
            }
            if (Interlocked.Increment(ref answered) >= killAt) killed.TrySetResult();
        }).ToList();
        await killed.Task;
        Server.Kill();
        await Task.WhenAll(sends);

        var acknowledged = burst.Where(r => r.Status is { } s && (int)s < 300).ToList();
        Assert.NotEmpty(acknowledged);
        Assert.Contains(burst, r => r.Status is null);
        Assert.DoesNotContain(burst, r => r.Status is { } s && (int)s >= 500);

        Server = ServerProcess.Start(DataDirectory, ServerProcess.FreePort());
        await Server.WaitReadyAsync();
        var after = new World(Server.CreateClient());

        foreach (var registration in acknowledged.Where(r => r.Team is null))
            Assert.Equal(JsonNode.Parse(registration.ResponseBody!)!.ToJsonString(), (await after.Get($"/api/volunteers/{registration.Subject}")).ToJsonString());
        foreach (var answer in acknowledged.Where(r => r.Team is not null))
        {
            var held = (await after.Get($"/api/teams/{answer.Team!.Id}/offers")).AsArray().Single()!;
            Assert.Single(held["answers"]!.AsArray(), a => (string?)a!["volunteer"] == answer.Subject);
        }
        var summary = await after.Get($"/api/incidents/{incident}");
        var assigned = summary["assignments"]!.AsObject().Select(a => a.Key).ToHashSet();
        foreach (var mustered in acknowledged.Where(r => r.Team is not null && (string?)JsonNode.Parse(r.ResponseBody!)!["status"] == "Accepted"))
            Assert.Contains(mustered.Team!.Id, assigned);
        Assert.True(assigned.Count <= Teams);

        foreach (var request in acknowledged)
        {
            var retry = await after.Client.PostJson(request.Url, request.Body, request.Key);
            Assert.Equal(request.Status, retry.StatusCode);
            Assert.Equal(request.ResponseBody, await retry.Content.ReadAsStringAsync());
            Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        }
        foreach (var request in burst.Where(r => r.Status is null))
        {
            var retry = await after.Client.PostJson(request.Url, request.Body, request.Key);
            Assert.True((int)retry.StatusCode < 500, $"{request.Url}: {(int)retry.StatusCode} {await retry.Content.ReadAsStringAsync()}");
        }

        // The silent team's offer was armed before the crash; its deadline still fires after the restart.
        var silentOffer = offers[teams[^1].Id];
        var status = await PollOfferStatusAsync(after, incident, silentOffer, until: "TimedOut", within: TimeSpan.FromSeconds(90));
        Assert.Equal("TimedOut", status);
    }

    private static async Task<(string Incident, List<TeamInfo> Teams)> OpenIncidentAsync(World world)
    {
        var city = await world.City();
        var teams = new List<TeamInfo>();
        for (var i = 0; i < Teams; i++)
            teams.Add(await world.Team($"aid{i}", city, 39.90 + i * 0.004, 116.40 + i * 0.003, members: 2, capability: "first-aid", minimumToMuster: 2));
        var incident = world.Id("quake");
        await (await world.Client.PostJson("/api/incidents", new
        {
            id = incident,
            incidentType = "earthquake-drill",
            place = new { latitude = 39.91, longitude = 116.41 },
            organisationId = city,
            severity = 2,
            exercise = true,
            requirements = new[] { new { key = "aid", capability = "first-aid", teams = Teams, minimumMembers = 2 } },
            radiusMeters = 20_000,
            offerTimeout = "00:00:30",
        })).Expect(HttpStatusCode.Created);
        return (incident, teams);
    }

    /// <summary>Real time passes in a real process; poll, bounded.</summary>
    private static async Task<string?> PollOfferStatusAsync(World world, string incident, string offer, string until, TimeSpan within)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string? status = null;
        while (watch.Elapsed < within)
        {
            var summary = await world.Get($"/api/incidents/{incident}");
            status = (string?)summary["offers"]!.AsArray().Single(o => (string?)o!["id"] == offer)!["status"];
            if (status == until) return status;
            await Task.Delay(250);
        }
        return status;
    }

    private sealed class BurstRequest(string url, object body, TeamInfo? team, string subject)
    {
        public string Url { get; } = url;
        public object Body { get; } = body;
        public TeamInfo? Team { get; } = team;
        /// <summary>The volunteer registered or answering.</summary>
        public string Subject { get; } = subject;
        public string Key { get; } = Guid.NewGuid().ToString("N");
        public HttpStatusCode? Status { get; set; }
        public string? ResponseBody { get; set; }
    }
}
