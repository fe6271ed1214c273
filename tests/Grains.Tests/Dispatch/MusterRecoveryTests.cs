using Mobilize.TestKit;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>A crash after members' answers were stored but before the team acted on them.</summary>
public sealed class MusterRecoveryTests
{
    [Fact]
    public async Task a_team_whose_stored_answers_already_muster_is_taken_by_the_incident_after_a_restart_without_another_answer()
    {
        var storage = new InMemoryGrainStorage();
        await using var world = await World.StartAsync(storage);
        var ready = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450));
        var waiting = await world.Team("dc-a", World.Chaoyang, new GeoPoint(39.9300, 116.4200));
        var incident = IncidentId.Create("flood-crash-muster");
        var request = new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 2)], OfferTimeout: TimeSpan.FromMinutes(5));
        var created = (await world.Grains.Incident(incident).Create(request)).ValueOrThrow();
        Assert.Equal([ready, waiting], created.Offers.Select(o => o.Team));
        await world.Settle(ready);
        await world.Settle(waiting);

        // What the store holds after the crash: two acceptances for the ready team (its minimum), one for the other.
        await StoreAnswers(storage, ready, OfferAnswer.Accept, OfferAnswer.Accept);
        await StoreAnswers(storage, waiting, OfferAnswer.Accept);
        await world.Cluster.RestartAsync();

        var summary = await world.Summary(incident);
        Assert.Equal(OfferStatus.Accepted, World.OfferTo(summary, ready).Status);
        Assert.Equal([ready], summary.Assignments.Keys);
        Assert.Equal(incident, (await world.Settle(ready)).Assignment?.Incident);
        Assert.Null((await world.Settle(waiting)).Assignment);
        Assert.NotEqual(OfferStatus.Accepted, World.OfferTo(await world.Summary(incident), waiting).Status);
    }

    [Fact]
    public async Task a_team_activated_with_answers_that_do_not_yet_muster_leaves_its_offer_open()
    {
        var storage = new InMemoryGrainStorage();
        await using var world = await World.StartAsync(storage);
        var team = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450));
        var incident = IncidentId.Create("flood-crash-waiting");
        var request = new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 1)], OfferTimeout: TimeSpan.FromMinutes(5));
        (await world.Grains.Incident(incident).Create(request)).ValueOrThrow();
        await world.Settle(team);

        await StoreAnswers(storage, team, OfferAnswer.Accept);
        await world.Cluster.RestartAsync();

        var offers = await world.Grains.Team(team).GetOffers();
        Assert.Equal(TeamOfferStatus.Open, Assert.Single(offers).Status);
        Assert.Equal(OfferStatus.Pending, World.OfferTo(await world.Summary(incident), team).Status);
    }

    /// <summary>Writes members' answers into the team's stored open offer, as a crash before the muster would leave them.</summary>
    private static async Task StoreAnswers(InMemoryGrainStorage storage, TeamId team, params OfferAnswer[] answers)
    {
        var id = GrainId.Create("team", team.Value);
        var box = new Box();
        await storage.ReadStateAsync(TeamGrain.StateName, id, box);
        var s = box.State!;
        var held = s.Offers.Single();
        var stored = answers.Select((a, i) => new MemberAnswer(World.Member(team, i), a, TimeSpan.FromMinutes(10)));
        box.State = s with { Offers = [held with { Answers = [.. stored] }] };
        await storage.WriteStateAsync(TeamGrain.StateName, id, box);
    }

    private sealed class Box : IGrainState<TeamState?>
    {
        public TeamState? State { get; set; }

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
