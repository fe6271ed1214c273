using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>A team offered by two incidents that musters for one: the other's offer closes as taken elsewhere, not as
/// expired, on the team and at the other incident.</summary>
public sealed class CrossIncidentOfferTests
{
    [Fact]
    public async Task the_other_incidents_live_offer_is_closed_as_taken_elsewhere_and_an_answer_to_it_says_so()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450), minimumToMuster: 1);
        var first = IncidentId.Create("flood-one");
        var second = IncidentId.Create("flood-two");
        IncidentRequest Request() => new("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 1)], OfferTimeout: TimeSpan.FromMinutes(10));
        var one = World.OfferTo((await world.Grains.Incident(first).Create(Request())).ValueOrThrow(), team).Id;
        var two = World.OfferTo((await world.Grains.Incident(second).Create(Request())).ValueOrThrow(), team).Id;
        await world.Settle(team);

        (await world.Grains.Team(team).Answer(one, new MemberAnswer(World.Member(team, 0), OfferAnswer.Accept))).ValueOrThrow();

        var held = (await world.Grains.Team(team).GetOffers()).ToDictionary(o => o.Offer.Offer);
        Assert.Equal(TeamOfferStatus.Accepted, held[one].Status);
        Assert.Equal(TeamOfferStatus.TakenElsewhere, held[two].Status);
        var answer = await world.Grains.Team(team).Answer(two, new MemberAnswer(World.Member(team, 1), OfferAnswer.Accept));
        Assert.Equal("offer.taken-elsewhere", answer.Refusal!.Code);
        Assert.Contains(first.Value, answer.Refusal.Message);
        Assert.Equal(OfferStatus.Declined, World.OfferTo(await world.Summary(second), team).Status);
    }
}
