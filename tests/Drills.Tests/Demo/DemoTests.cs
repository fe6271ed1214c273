using System.Diagnostics;
using System.Text.Json.Nodes;
using Mobilize.Drills.Tests.Infrastructure;

namespace Mobilize.Drills.Tests.Demo;

public sealed class DemoTests
{
    [Fact]
    public async Task A_server_started_with_the_demo_switch_shows_exercise_incidents_whose_offers_volunteers_answer()
    {
        await using var server = new DrillServer(clockRate: 10, new() { ["Demo:Enabled"] = "true" });
        using var api = server.Client();

        // The demo registers its city, then opens incidents in it; watch its jurisdiction the way the dashboard does.
        var watch = Stopwatch.StartNew();
        JsonNode? answered = null;
        while (answered is null && watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var list = await api.Http.GetAsync("/api/organisations/demo-beijing/incidents?exercises=include");
            if (!list.IsSuccessStatusCode) continue;
            foreach (var id in Ids(JsonNode.Parse(await list.Content.ReadAsStringAsync())))
            {
                var timeline = await api.Get($"/api/incidents/{id}/timeline");
                if (timeline!["entries"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() is "offer-accepted" or "offer-declined"))
                    answered = await api.Get($"/api/incidents/{id}");
            }
        }

        Assert.NotNull(answered);
        Assert.True(answered["exercise"]!.GetValue<bool>());
        Assert.NotEmpty(answered["offers"]!.AsArray());
        Assert.StartsWith("demo-", answered["id"]!.GetValue<string>());
    }

    private static IEnumerable<string> Ids(JsonNode? list) =>
        (list as JsonArray ?? []).Select(i => i?["id"]?.GetValue<string>()).OfType<string>();
}
