using System.Net;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Console;

/// <summary><c>GET /api/incidents/{id}/responders</c>: who is coming, built from the incident's offers and each team's
/// answers, muster and check-ins.</summary>
public sealed class RespondersTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>, IAsyncLifetime
{
    private readonly ConsoleWorld _world = new(fixture.App);

    public Task InitializeAsync() => _world.SetUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<System.Text.Json.Nodes.JsonNode> Read(HttpClient client, string incident) =>
        client.GetAsync($"/api/incidents/{incident}/responders").Result.Expect(HttpStatusCode.OK);

    [Fact]
    public async Task each_members_answer_eta_arrival_time_and_check_in_show_as_they_happen()
    {
        var (incident, offer) = await _world.OpenFloodAsync("flood");
        var commander = fixture.App.CreateCommanderClient(_world.City);
        var (leader, member) = (_world.Water.Members[0], _world.Water.Members[1]);

        var offered = ConsoleWorld.Team(await Read(commander, incident), "water", _world.Water.Id);
        Assert.Equal("Pending", (string?)offered["offerStatus"]);
        Assert.Equal("Open", (string?)offered["teamStatus"]);
        Assert.Equal("救援队water", (string?)offered["name"]);
        Assert.Null((string?)ConsoleWorld.Member(offered, member)["answer"]);
        Assert.Equal("NotDeployed", (string?)ConsoleWorld.Member(offered, member)["arrival"]);

        var answeredAt = fixture.App.Clock.GetUtcNow();
        await _world.AnswerAsync(offer, member, "Accept", etaMinutes: 12);
        var mustered = ConsoleWorld.Team(await Read(commander, incident), "water", _world.Water.Id);
        Assert.Equal("Accepted", (string?)mustered["offerStatus"]);
        var coming = ConsoleWorld.Member(mustered, member);
        Assert.Equal("志愿者water-m1", (string?)coming["name"]);
        Assert.False((bool)coming["nameMasked"]!);
        Assert.Equal("Accept", (string?)coming["answer"]);
        Assert.Equal(12.0, (double)coming["etaMinutes"]!);
        Assert.Equal(answeredAt, (DateTimeOffset)coming["answeredAt"]!);
        Assert.Equal(answeredAt.AddMinutes(12), (DateTimeOffset)coming["expectedArrival"]!);
        Assert.Equal("Mustered", (string?)coming["arrival"]);
        // The leader never answered, so was not deployed with the team.
        Assert.Null((string?)ConsoleWorld.Member(mustered, leader)["answer"]);
        Assert.Equal("NotDeployed", (string?)ConsoleWorld.Member(mustered, leader)["arrival"]);

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(14));
        var arrivedAt = fixture.App.Clock.GetUtcNow();
        await _world.CheckInAsync(incident, member);
        var there = ConsoleWorld.Member(ConsoleWorld.Team(await Read(commander, incident), "water", _world.Water.Id), member);
        Assert.Equal("CheckedIn", (string?)there["arrival"]);
        Assert.Equal(arrivedAt, (DateTimeOffset)there["checkedInAt"]!);

        fixture.App.Clock.Advance(TimeSpan.FromMinutes(30));
        await _world.CheckInAsync(incident, member, arrive: false);
        var left = ConsoleWorld.Member(ConsoleWorld.Team(await Read(commander, incident), "water", _world.Water.Id), member);
        Assert.Equal("CheckedOut", (string?)left["arrival"]);
        Assert.Equal(arrivedAt.AddMinutes(30), (DateTimeOffset)left["checkedOutAt"]!);
    }

    [Fact]
    public async Task an_observer_sees_members_names_masked_and_no_phone_numbers()
    {
        var (incident, offer) = await _world.OpenFloodAsync("observed");
        await _world.AnswerAsync(offer, _world.Water.Members[1], "Decline");
        var observer = fixture.App.CreateClient(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(_world.City)));

        var body = await Read(observer, incident);
        var declined = ConsoleWorld.Member(ConsoleWorld.Team(body, "water", _world.Water.Id), _world.Water.Members[1]);
        Assert.Equal("志" + new string('*', "愿者water-m1".Length), (string?)declined["name"]);
        Assert.True((bool)declined["nameMasked"]!);
        Assert.Equal("Decline", (string?)declined["answer"]);
        Assert.DoesNotContain("志愿者", body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("phone", body.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_commander_of_another_organisation_cannot_read_who_is_coming_and_an_unknown_incident_is_404()
    {
        var (incident, _) = await _world.OpenFloodAsync("guarded");
        var otherCity = await new World(fixture.App.CreateClient()).City("天津市");

        var foreign = await fixture.App.CreateCommanderClient(otherCity).GetAsync($"/api/incidents/{incident}/responders");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        // Haidian commands its own district, not Dongcheng's incident.
        var sibling = await fixture.App.CreateCommanderClient(_world.Haidian).GetAsync($"/api/incidents/{incident}/responders");
        Assert.Equal(HttpStatusCode.Forbidden, sibling.StatusCode);
        await (await _world.Client.GetAsync($"/api/incidents/{_world.World.Id("nothing")}/responders")).Expect(HttpStatusCode.NotFound);
    }
}
