using Orleans;
using Mobilize.Grains;
using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Api.Realtime;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Notifications;

namespace Mobilize.Api.Tests.Exercises;

/// <summary>A drill is marked 【演练】EXERCISE in every live push and every export; a real incident never is.</summary>
public sealed class ExerciseMarkingTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private const string Label = "【演练】EXERCISE";
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task every_push_kind_of_a_drill_carries_the_exercise_marking_and_a_real_incident_carries_none()
    {
        var drill = new FloodDrill(fixture.App, _client, $"p{Guid.NewGuid():N}"[..8], north: 0);
        await drill.SetUpAsync();
        var exercise = await drill.StartExerciseAsync();
        var injected = await drill.InjectAsync(exercise);
        // One medic accepts: the medic team musters, medics fill, the other medic offer is withdrawn; then the end stands down.
        var medicOffer = injected["offers"]!.AsArray().Where(o => (string?)o!["requirementKey"] == "medics").OrderBy(o => (int)o!["sequence"]!).First()!;
        var medics = (string)medicOffer["team"]!;
        await drill.HeldAsync(medics, (string)medicOffer["id"]!);
        await (await _client.PostJson($"/api/teams/{medics}/offers/{medicOffer["id"]}/answers",
            new { volunteerId = FloodDrill.Member(medics, 0), answer = "Accept", etaMinutes = 10 })).Expect(HttpStatusCode.OK);
        await (await _client.PostAsync($"/api/exercises/{exercise}/end", null)).Expect(HttpStatusCode.OK);
        var realId = (string)(await drill.OpenRealFloodAsync(boatTeams: 1))["id"]!;

        // What the hubs send, Live and CatchUp alike, is LivePush.From of the feed's events.
        var grains = fixture.App.Services.GetRequiredService<IGrainFactory>();
        var streams = new List<FeedStream> { new(FeedStreamKind.Incident, drill.Incident), new(FeedStreamKind.Organisation, drill.Chaoyang) };
        streams.AddRange(drill.Teams.SelectMany(t => new[] { 0, 1 }.Select(m => new FeedStream(FeedStreamKind.Volunteer, FloodDrill.Member(t, m)))));
        string[] kinds = [LiveEventKinds.IncidentCreated, LiveEventKinds.OfferAnswered, LiveEventKinds.OfferSent, LiveEventKinds.OfferWithdrawn,
            LiveEventKinds.RequirementFilled, LiveEventKinds.TaskEnded, LiveEventKinds.TeamStatus, LiveEventKinds.Timeline];
        // The feed is numbered after the calls return: read until both incidents have been heard (bounded), then judge.
        List<LivePush> pushes;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        do
        {
            var replays = await Task.WhenAll(streams.Select(s => grains.FeedStream(s).Replay(0)));
            pushes = replays.SelectMany(r => r.Events).Select(LivePush.From).ToList();
        }
        while ((!kinds.All(k => pushes.Any(p => p.Incident == drill.Incident && p.Kind == k)) || !pushes.Any(p => p.Incident == realId))
               && DateTime.UtcNow < until && await Task.Delay(20).ContinueWith(_ => true));

        var drillPushes = pushes.Where(p => p.Incident == drill.Incident).ToList();
        Assert.Equal(kinds, drillPushes.Select(p => p.Kind).Distinct().Order(StringComparer.Ordinal));
        Assert.All(drillPushes, p => Assert.True(p.Exercise && p.Marking == Label, $"{p.Stream} #{p.Sequence} {p.Kind} is not marked"));
        Assert.Contains(drillPushes, p => p.Stream.StartsWith("volunteer/", StringComparison.Ordinal));

        var realPushes = pushes.Where(p => p.Incident == realId).ToList();
        Assert.NotEmpty(realPushes);
        Assert.All(realPushes, p => Assert.True(!p.Exercise && p.Marking is null, $"{p.Kind} of a real incident is marked"));
    }

    [Fact]
    public async Task every_export_of_a_drill_carries_the_exercise_marking()
    {
        var drill = new FloodDrill(fixture.App, _client, $"e{Guid.NewGuid():N}"[..8], north: 1);
        await drill.SetUpAsync();
        var exercise = await drill.StartExerciseAsync();
        await drill.InjectAsync(exercise);
        await drill.RunAsync(exercise, seed: 11);
        var other = await drill.StartExerciseAsync();

        var summary = await (await _client.GetAsync($"/api/incidents/{drill.Incident}")).Expect(HttpStatusCode.OK);
        Assert.True((bool)summary["exercise"]!);
        var timeline = await (await _client.GetAsync($"/api/incidents/{drill.Incident}/timeline")).Expect(HttpStatusCode.OK);
        Assert.True((bool)timeline["exercise"]!);
        var cap = CapDocument(await _client.GetAsync($"/api/incidents/{drill.Incident}/cap"));
        Assert.Equal("Exercise", cap.Root!.Element(Cap + "status")!.Value);
        Assert.Equal(Label, cap.Root.Element(Cap + "note")!.Value);
        Assert.StartsWith(Label, cap.Root.Element(Cap + "info")!.Element(Cap + "headline")!.Value, StringComparison.Ordinal);

        var report = await (await _client.GetAsync($"/api/exercises/{exercise}/report")).Expect(HttpStatusCode.OK);
        Assert.Equal(Label, (string?)report["marking"]);
        var comparison = await (await _client.GetAsync($"/api/exercises/{exercise}/report/compare/{other}")).Expect(HttpStatusCode.OK);
        Assert.Equal(Label, (string?)comparison["marking"]);
        foreach (var page in new[] { $"/api/exercises/{exercise}/report.html", $"/api/exercises/{exercise}/report/compare/{other}.html" })
        {
            var response = await _client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains($"<p class=\"marking\">{Label}</p>", html, StringComparison.Ordinal);
            Assert.Contains("<svg", html, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task the_cap_export_is_a_well_formed_cap_1_2_alert_with_every_required_element()
    {
        var drill = new FloodDrill(fixture.App, _client, $"c{Guid.NewGuid():N}"[..8], north: 2);
        await drill.SetUpAsync();
        var realId = (string)(await drill.OpenRealFloodAsync(boatTeams: 1))["id"]!;

        var response = await _client.GetAsync($"/api/incidents/{realId}/cap");
        Assert.Equal("application/cap+xml", response.Content.Headers.ContentType?.MediaType);
        var alert = CapDocument(response).Root!;
        Assert.Equal(Cap + "alert", alert.Name);
        Assert.Equal(["identifier", "sender", "sent", "status", "msgType", "scope", "restriction", "info"], alert.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(realId, alert.Element(Cap + "identifier")!.Value);
        Assert.Equal("Actual", alert.Element(Cap + "status")!.Value);
        // The test clock runs in UTC, which CAP 1.2 writes as -00:00 (never Z, never +00:00).
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-00:00$", alert.Element(Cap + "sent")!.Value);
        var info = alert.Element(Cap + "info")!;
        Assert.Equal(("Met", "flood", "Immediate", "Severe", "Observed"),
            (info.Element(Cap + "category")!.Value, info.Element(Cap + "event")!.Value, info.Element(Cap + "urgency")!.Value,
             info.Element(Cap + "severity")!.Value, info.Element(Cap + "certainty")!.Value));
        var area = info.Element(Cap + "area")!;
        Assert.NotEmpty(area.Element(Cap + "areaDesc")!.Value);
        Assert.Equal("41.92,116.44 20", area.Element(Cap + "circle")!.Value);

        await (await _client.GetAsync($"/api/incidents/{drill.Incident}-none/cap")).Expect(HttpStatusCode.NotFound);
    }

    private static XDocument CapDocument(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }
}
