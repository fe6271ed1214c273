using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Callout;

/// <summary>The whole callout over HTTP, from plan to service hours, on each store.</summary>
public abstract class CalloutTests(TestStorage storage) : IAsyncLifetime
{
    private readonly MobilizeApp _app = new(storage);
    private World _world = null!;
    private BeijingCallout _callout = null!;

    public async Task InitializeAsync()
    {
        _world = new World(_app.CreateClient());
        _callout = new BeijingCallout(_world);
        await _callout.SetUpAsync();
    }

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    private HttpClient Client => _world.Client;

    [Fact]
    public async Task a_flood_in_dongcheng_recruits_the_nearest_qualified_teams_escalates_and_records_service_hours()
    {
        var c = _callout;
        var opened = await c.OpenIncidentAsync();
        Assert.Equal("Recruiting", (string?)opened["status"]);
        Assert.Equal(_world.Id("plan-flood"), (string?)opened["plan"]);

        // Wave 1: the three nearest eligible teams in arrival order; X is nearer but its certificates expired.
        var wave1 = opened["offers"]!.AsArray().OrderBy(o => (int)o!["sequence"]!).Select(o => (string?)o!["team"]).ToList();
        Assert.Equal([c.D.Id, c.C.Id, c.E.Id], wave1);
        var explanation = await _world.Get($"/api/incidents/{c.Incident}/explanation");
        var x = explanation["candidates"]!.AsArray().Single(v => (string?)v!["team"] == c.X.Id)!;
        Assert.Equal("CertificationExpired", (string?)x["reason"]);
        // 朝阳's team G, nearer than all but X, is another district's: not a candidate at the district's levels.
        Assert.DoesNotContain(explanation["candidates"]!.AsArray(), v => (string?)v!["team"] == c.G.Id);

        // A minute later D's first member declines: with two members and a muster minimum of two, D declines.
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var dOffer = await c.OfferToAsync(c.D);
        var declined = await (await c.AnswerAsync(c.D, dOffer, c.D.Members[0], "Decline")).Expect(HttpStatusCode.OK);
        Assert.Equal("Declined", (string?)declined["status"]);

        // E musters by itself once both members accept.
        var eOffer = await c.OfferToAsync(c.E);
        await (await c.AnswerAsync(c.E, eOffer, c.E.Members[0], "Accept", etaMinutes: 12)).Expect(HttpStatusCode.OK);
        var mustered = await (await c.AnswerAsync(c.E, eOffer, c.E.Members[1], "Accept", etaMinutes: 15)).Expect(HttpStatusCode.OK);
        Assert.Equal("Accepted", (string?)mustered["status"]);

        // Someone else's offer and an unknown offer are refused and change nothing.
        var notMember = await (await c.AnswerAsync(c.C, await c.OfferToAsync(c.C), c.D.Members[1], "Accept", 5)).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("urn:mobilize:problem:team.not-a-member", (string?)notMember["type"]);
        await (await c.AnswerAsync(c.C, eOffer, c.C.Members[0], "Accept", 5)).Expect(HttpStatusCode.NotFound);

        // C stays silent: at the deadline its offer times out, the 3 km wave has run dry, and the search widens to the district.
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        var afterTimeout = await c.SummaryAsync();
        var offers = afterTimeout["offers"]!.AsArray().OrderBy(o => (int)o!["sequence"]!).ToList();
        Assert.Equal([c.D.Id, c.C.Id, c.E.Id, c.H.Id, c.F.Id], offers.Select(o => (string?)o!["team"]));
        Assert.Equal(["Declined", "TimedOut", "Accepted", "Pending", "Pending"], offers.Select(o => (string?)o!["status"]));
        Assert.Equal([1, 1, 1, 2, 2], offers.Select(o => (int)o!["wave"]!));
        var requirement = afterTimeout["requirements"]![0]!;
        Assert.Equal("District", (string?)requirement["level"]);
        Assert.Equal(15_000, (double)requirement["radiusMeters"]!);

        // H: one member accepts and the leader musters with them; that fills the requirement and F is not needed.
        var hOffer = await c.OfferToAsync(c.H);
        await (await c.AnswerAsync(c.H, hOffer, c.H.Members[1], "Accept", etaMinutes: 35)).Expect(HttpStatusCode.OK);
        var confirmed = await (await Client.PostJson($"/api/teams/{c.H.Id}/offers/{hOffer}/muster", new { leaderId = c.H.Leader })).Expect(HttpStatusCode.OK);
        Assert.Equal("Accepted", (string?)confirmed["status"]);

        var filled = await c.SummaryAsync();
        Assert.Equal("Filled", (string?)filled["status"]);
        Assert.Equal([c.E.Id, c.H.Id], filled["assignments"]!.AsObject().Select(a => a.Key).Order());
        var fOffer = filled["offers"]!.AsArray().Single(o => (string?)o!["team"] == c.F.Id)!;
        Assert.Equal("Withdrawn", (string?)fOffer["status"]);
        Assert.Equal("NotNeeded", (string?)fOffer["withdrawalReason"]);
        var fView = (await _world.Get($"/api/teams/{c.F.Id}/offers")).AsArray().Single()!;
        Assert.Equal("NotNeeded", (string?)fView["status"]);
        var late = await (await c.AnswerAsync(c.F, (string)fOffer["id"]!, c.F.Members[0], "Accept", 20)).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:offer.not-needed", (string?)late["type"]);
        Assert.Null((await _world.Get($"/api/teams/{c.F.Id}"))["assignment"]);

        // On site: E's members arrive and leave two hours later; H's volunteer too.
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        foreach (var member in c.E.Members)
            await (await Client.PostJson($"/api/incidents/{c.Incident}/check-ins", new { volunteerId = member, teamId = c.E.Id })).Expect(HttpStatusCode.OK);
        await (await Client.PostJson($"/api/incidents/{c.Incident}/check-ins", new { volunteerId = c.H.Members[1], teamId = c.H.Id })).Expect(HttpStatusCode.OK);
        var stranger = await (await Client.PostJson($"/api/incidents/{c.Incident}/check-ins", new { volunteerId = c.F.Members[0], teamId = c.F.Id })).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:team.not-assigned", (string?)stranger["type"]);
        _app.Clock.Advance(TimeSpan.FromHours(2));
        foreach (var member in c.E.Members)
            await (await Client.PostJson($"/api/incidents/{c.Incident}/check-outs", new { volunteerId = member, teamId = c.E.Id })).Expect(HttpStatusCode.OK);
        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        await (await Client.PostJson($"/api/incidents/{c.Incident}/check-outs", new { volunteerId = c.H.Members[1], teamId = c.H.Id })).Expect(HttpStatusCode.OK);

        // Stand-down releases everyone; the teams rest.
        var stood = await (await Client.PostAsync($"/api/incidents/{c.Incident}/stand-down", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("StoodDown", (string?)stood["status"]);
        foreach (var team in new[] { c.E, c.H })
        {
            var view = await _world.Get($"/api/teams/{team.Id}");
            Assert.Null(view["assignment"]);
            Assert.Equal("Resting", (string?)view["status"]);
        }

        var eRecord = await _world.Get($"/api/volunteers/{c.E.Members[0]}/service-record");
        Assert.Equal(2.0, (double)eRecord["serviceHours"]!);
        Assert.Equal(1, (int)eRecord["tasks"]!);
        var hRecord = await _world.Get($"/api/volunteers/{c.H.Members[1]}/service-record");
        Assert.Equal(2.5, (double)hRecord["serviceHours"]!);
        var idle = await _world.Get($"/api/volunteers/{c.H.Leader}/service-record");
        Assert.Equal(0.0, (double)idle["serviceHours"]!);

        // Every step is on the timeline, in order, each with its time.
        var timeline = (await _world.Get($"/api/incidents/{c.Incident}/timeline"))["entries"]!.AsArray();
        var kinds = timeline.Select(e => (string)e!["kind"]!).ToList();
        AssertInOrder(kinds, "offer-sent", "offer-declined", "offer-accepted", "offer-timed-out", "escalated", "offer-sent",
            "offer-accepted", "requirement-filled", "offer-withdrawn", "member-arrived", "member-left", "team-released", "stood-down");
        var times = timeline.Select(e => DateTimeOffset.Parse((string)e!["at"]!)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(MobilizeApp.Start + TimeSpan.FromMinutes(3), times[kinds.IndexOf("offer-timed-out")]);
    }

    private static void AssertInOrder(IReadOnlyList<string> actual, params string[] expected)
    {
        var at = 0;
        foreach (var kind in expected)
        {
            var found = -1;
            for (var i = at; i < actual.Count; i++)
                if (actual[i] == kind) { found = i; break; }
            Assert.True(found >= 0, $"'{kind}' missing after position {at} in: {string.Join(", ", actual)}");
            at = found + 1;
        }
    }
}

public sealed class SqliteCalloutTests() : CalloutTests(TestStorage.Sqlite);

public sealed class PostgresCalloutTests() : CalloutTests(TestStorage.Postgres);
