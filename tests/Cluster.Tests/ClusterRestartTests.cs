using System.Net;
using System.Text.Json.Nodes;
using Mobilize.TestKit.Cluster;

namespace Mobilize.Cluster.Tests;

/// <summary>Kill every process of the cluster at once in the middle of a burst and start it all again on the same store:
/// everything it acknowledged is there, answered the same way, and retries of it replay rather than repeat.</summary>
public sealed class ClusterRestartTests : IAsyncLifetime
{
    private const string Capability = "first-aid";
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(nameof(ClusterRestartTests));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task everything_acknowledged_before_the_whole_cluster_was_killed_is_there_after_it_restarts()
    {
        var nodes = _cluster.Apis.Select(a => LocalCluster.AdministratorClient(a)).ToList();
        var province = new Province(nodes[0]);
        var city = await province.CityAsync();
        var teams = await province.TeamsAroundAsync("t", city, 34.26, 108.94, 6, members: 2, Capability);
        var incident = await province.OpenIncidentAsync("quake", city, 34.26, 108.94, 6, Capability, TimeSpan.FromMinutes(10));
        var token = _cluster.Api(1).AdministratorToken();

        // Each request is kept, so that after the restart it can be sent again as a phone's retry.
        var calls = new List<(RequestCopy Copy, string Check)>();
        foreach (var team in teams.Take(4))
            foreach (var member in team.Members)
                calls.Add((RequestCopy.Post($"/api/teams/{team.Id}/offers/{incident.Offers[team.Id]}/answers",
                    new { volunteerId = member.Id, answer = "Accept", etaMinutes = 20 }, member.Token), $"/api/teams/{team.Id}/offers"));
        for (var i = 0; i < 40; i++)
        {
            var id = province.Id($"late{i}");
            calls.Add((RequestCopy.Post("/api/volunteers", Province.Registration(id, Capability), token), $"/api/volunteers/{id}"));
        }
        Random.Shared.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(calls));

        var answered = 0;
        var killAt = calls.Count / 2;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcomes = calls.Select(async (c, i) =>
        {
            var outcome = await Calls.SendOnceAsync(nodes[i % 2], c.Copy.Rebuild(), TimeSpan.FromSeconds(30));
            if (Interlocked.Increment(ref answered) >= killAt) halfway.TrySetResult();
            return outcome;
        }).ToList();
        await halfway.Task;
        await _cluster.KillAndRestartAllAsync();
        var results = await Task.WhenAll(outcomes);

        var acknowledged = calls.Zip(results).Where(x => x.Second.Acknowledged).ToList();
        Assert.True(acknowledged.Count > 0, "nothing was acknowledged before the kill: " +
            string.Join("; ", results.GroupBy(r => r.Status).Select(g => $"{g.Count()} × {g.First()}")));
        Assert.DoesNotContain(results, r => r.Status is { } s && (int)s >= 500);

        var after = _cluster.Apis.Select(a => LocalCluster.AdministratorClient(a)).ToList();
        foreach (var ((copy, check), outcome) in acknowledged)
        {
            var held = await after.ReadAfterFailureAsync(check, firstNode: 1);
            if (copy.Url.EndsWith("/answers"))
            {
                var volunteer = (string)JsonNode.Parse(copy.Body)!["volunteerId"]!;
                Assert.Single(held.AsArray().Single(o => (string?)o!["offer"]!["offer"] == copy.Url.Split('/')[5])!["answers"]!.AsArray(),
                    a => (string?)a!["volunteer"] == volunteer);
            }
            else
            {
                Assert.Equal(outcome.Json.ToJsonString(), held.ToJsonString());
            }

            // The retry a phone would send replays the first answer instead of acting twice.
            var retry = await Calls.SendUntilDecidedAsync(after, copy.Rebuild, TimeSpan.FromSeconds(90));
            Assert.Equal(outcome.Status, retry.Status);
            Assert.Equal(outcome.Body, retry.Body);
        }

        // Teams whose muster was acknowledged are still assigned to the incident.
        var summary = await after.ReadAfterFailureAsync($"/api/incidents/{incident.Id}");
        var assigned = summary["assignments"]!.AsObject().Select(a => a.Key).ToHashSet();
        foreach (var ((copy, _), outcome) in acknowledged.Where(a => a.First.Copy.Url.EndsWith("/answers")))
            if ((string?)outcome.Json["status"] == "Accepted") Assert.Contains(copy.Url.Split('/')[3], assigned);
        await after.ReadAfterFailureAsync($"/api/teams/{teams[^1].Id}", firstNode: 1);
    }

    private sealed record RequestCopy(string Url, string Body, string Token, string Key)
    {
        public static RequestCopy Post(string url, object body, string token) =>
            new(url, System.Text.Json.JsonSerializer.Serialize(body, System.Text.Json.JsonSerializerOptions.Web), token, Guid.NewGuid().ToString("N"));

        public HttpRequestMessage Rebuild() => Calls.Request(HttpMethod.Post, Url, JsonNode.Parse(Body), Token, Key);
    }
}
