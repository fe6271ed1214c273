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

public sealed class DemoStandDownTests
{
    [Fact]
    public async Task The_demo_stands_its_incidents_down_and_their_volunteers_rest_by_their_plans_rule_for_the_time_they_worked()
    {
        // x30: the demo's flood runs 15 drill minutes (30 s here) before its trainer stands it down, and its teams rest
        // some twenty drill minutes (40 s), long enough to read them.
        await using var server = new DrillServer(clockRate: 30, new() { ["Demo:Enabled"] = "true" });
        using var api = server.Client();

        var watch = Stopwatch.StartNew();
        JsonNode? stood = null;
        while (stood is null && watch.Elapsed < TimeSpan.FromSeconds(150))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var list = await api.Http.GetAsync("/api/organisations/demo-beijing/incidents?exercises=include");
            if (!list.IsSuccessStatusCode) continue;
            foreach (var id in Ids(JsonNode.Parse(await list.Content.ReadAsStringAsync())))
            {
                var incident = await api.Get($"/api/incidents/{id}");
                if ((string?)incident!["status"] == "StoodDown" && Accepted(incident).Any()) stood = incident;
            }
        }
        Assert.NotNull(stood);

        var incidentId = (string)stood["id"]!;
        var entries = (await api.Get($"/api/incidents/{incidentId}/timeline"))!["entries"]!.AsArray();
        var stoodDownAt = DateTimeOffset.Parse((string)entries.Last(e => (string?)e!["kind"] == "stood-down")!["at"]!);
        var createdAt = DateTimeOffset.Parse((string)stood["createdAt"]!);
        // Stood down by the trainer once its plan's time was up, not left open until the drill ends.
        Assert.InRange(stoodDownAt - createdAt, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(20));

        var type = (string)stood["incidentType"]!;
        var rest = (await api.Get($"/api/organisations/demo-beijing/plans/{type}"))!["rest"]!;
        var (minimum, perHour, maximum) = ((int)rest["minimumMinutes"]!, (int)rest["perHourWorkedMinutes"]!, (int)rest["maximumMinutes"]!);

        var resting = 0;
        foreach (var team in Accepted(stood))
        {
            foreach (var member in (await api.Get($"/api/teams/{team}"))!["members"]!.AsArray().Select(m => (string)m!))
            {
                var status = await api.Get($"/api/volunteers/{member}/status");
                if (status!["restReason"] is not { } reason || (string?)reason["incident"] != incidentId) continue;
                resting++;
                Assert.Equal("Resting", (string?)status["status"]);
                Assert.True((bool)reason["exercise"]!);
                var worked = (int)reason["workedMinutes"]!;
                // Worked from the muster to the stand-down: never longer than the incident was open.
                Assert.InRange(worked, 1, (int)Math.Ceiling((stoodDownAt - createdAt).TotalMinutes));
                var expected = Math.Min(maximum, minimum + (int)Math.Ceiling(perHour * worked / 60.0));
                Assert.Equal(expected, (int)reason["restMinutes"]!);
                var restUntil = DateTimeOffset.Parse((string)status["restUntil"]!);
                Assert.InRange(restUntil - stoodDownAt, TimeSpan.FromMinutes(expected - 1), TimeSpan.FromMinutes(expected + 3));
            }
        }
        Assert.True(resting > 0, $"no member of {incidentId}'s teams rests after it");
    }

    private static IEnumerable<string> Accepted(JsonNode incident) =>
        incident["offers"]!.AsArray().Where(o => (string?)o!["status"] == "Accepted").Select(o => (string)o!["team"]!);

    private static IEnumerable<string> Ids(JsonNode? list) =>
        (list as JsonArray ?? []).Select(i => i?["id"]?.GetValue<string>()).OfType<string>();
}
