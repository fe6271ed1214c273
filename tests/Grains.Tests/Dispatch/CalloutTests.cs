using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>A flood in 朝阳区 near 国贸, recruited end to end through the grain interfaces.</summary>
public sealed class CalloutTests
{
    private static readonly GeoPoint Guomao = new(39.9200, 116.4400);
    private static readonly IncidentId Flood = IncidentId.Create("flood-guomao");

    private static ResponsePlan FloodPlan => new(PlanId.Create("cy-flood"), "flood", World.Chaoyang,
        [new RequirementSpec("boats", "water-rescue", 1, 2)], 10_000, TimeSpan.FromMinutes(3), 2,
        [EscalationStep.Widen(EscalationLevel.City, 3)]);

    [Fact]
    public async Task whole_callout_offers_nearest_first_moves_on_after_decline_and_timeout_fills_withdraws_and_records_hours()
    {
        await using var world = await World.StartAsync();
        var nearest = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450));
        var dongcheng = await world.Team("dc-a", World.Chaoyang, new GeoPoint(39.9300, 116.4200));
        var third = await world.Team("cy-b", World.Chaoyang, new GeoPoint(39.9500, 116.4700));
        var fourth = await world.Team("cy-c", World.Chaoyang, new GeoPoint(39.9700, 116.4800));
        var haidian = await world.Team("hd-a", World.Chaoyang, new GeoPoint(39.9600, 116.3000));
        (await world.Grains.Plan(World.Chaoyang, "flood").Save(FloodPlan)).ValueOrThrow();

        var created = (await world.Grains.Incident(Flood).Create(new IncidentRequest("flood", Guomao, World.Chaoyang, 3, false))).ValueOrThrow();
        Assert.Equal(PlanId.Create("cy-flood"), created.Plan);
        Assert.Equal([nearest, dongcheng], created.Offers.Select(o => o.Team));
        var explain = (await world.Grains.Incident(Flood).Explain()).ValueOrThrow();
        Assert.Equal(ExclusionReason.OutOfRadius, explain.Candidates.Single(c => c.Team == haidian).Reason);

        // One minute in, the nearest team cannot muster: two of its three members decline.
        await world.Advance(TimeSpan.FromMinutes(1));
        var offerA = World.OfferTo(created, nearest).Id;
        await world.Grains.Team(nearest).Answer(offerA, new MemberAnswer(World.Member(nearest, 0), OfferAnswer.Decline));
        var declined = (await world.Grains.Team(nearest).Answer(offerA, new MemberAnswer(World.Member(nearest, 1), OfferAnswer.Decline))).ValueOrThrow();
        Assert.Equal(TeamOfferStatus.Declined, declined.Status);
        var afterDecline = await world.Summary(Flood);
        Assert.Equal(OfferStatus.Declined, World.OfferTo(afterDecline, nearest).Status);
        Assert.Equal(OfferStatus.Pending, World.OfferTo(afterDecline, third).Status);

        // The second team (on the 东城 side) stays silent; its offer times out at three minutes and the next team is asked.
        await world.Advance(TimeSpan.FromMinutes(2), Flood);
        var afterTimeout = await world.Summary(Flood);
        Assert.Equal(OfferStatus.TimedOut, World.OfferTo(afterTimeout, dongcheng).Status);
        Assert.Equal(OfferStatus.Pending, World.OfferTo(afterTimeout, fourth).Status);
        Assert.Equal([nearest, dongcheng, third, fourth], afterTimeout.Offers.Select(o => o.Team));

        // Two members of the third team accept: it musters, the requirement fills, the fourth is not needed.
        var offerB = World.OfferTo(afterTimeout, third).Id;
        await world.Grains.Team(third).Answer(offerB, new MemberAnswer(World.Member(third, 1), OfferAnswer.Accept, TimeSpan.FromMinutes(12)));
        var mustered = (await world.Grains.Team(third).Answer(offerB, new MemberAnswer(World.Member(third, 2), OfferAnswer.Accept, TimeSpan.FromMinutes(9)))).ValueOrThrow();
        Assert.Equal(TeamOfferStatus.Accepted, mustered.Status);
        Assert.Equal(TimeSpan.FromMinutes(12), mustered.Muster.EtaOfMinimum);
        var filled = await world.Summary(Flood);
        Assert.Equal(IncidentStatus.Filled, filled.Status);
        Assert.Equal(OfferStatus.Withdrawn, World.OfferTo(filled, fourth).Status);
        Assert.Equal(WithdrawalReason.NotNeeded, World.OfferTo(filled, fourth).WithdrawalReason);
        Assert.Equal(TeamOfferStatus.NotNeeded, (await world.Grains.Team(fourth).GetOffers()).Single().Status);
        var thirdTeam = await world.Settle(third);
        Assert.Equal(DutyStatus.Assigned, thirdTeam.Status);
        Assert.Equal([World.Member(third, 1), World.Member(third, 2)], thirdTeam.Assignment!.Deployed.AsEnumerable());
        var deployed = (await world.Grains.Volunteer(World.Member(third, 1)).GetStatus()).ValueOrThrow();
        Assert.Equal((DutyStatus.Assigned, Flood), (deployed.Status, deployed.CurrentIncident));

        // On site for two hours; one member leaves, the stand-down checks out the other.
        (await world.Grains.Team(third).CheckIn(Flood, World.Member(third, 1))).ValueOrThrow();
        (await world.Grains.Team(third).CheckIn(Flood, World.Member(third, 2))).ValueOrThrow();
        await world.Advance(TimeSpan.FromHours(2));
        (await world.Grains.Team(third).CheckOut(Flood, World.Member(third, 1))).ValueOrThrow();
        await world.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(IncidentStatus.StoodDown, (await world.Grains.Incident(Flood).StandDown()).ValueOrThrow().Status);
        Assert.Equal(DutyStatus.Resting, (await world.Settle(third)).Status);

        var first = (await world.Grains.Volunteer(World.Member(third, 1)).GetServiceSummary()).ValueOrThrow();
        var second = (await world.Grains.Volunteer(World.Member(third, 2)).GetServiceSummary()).ValueOrThrow();
        Assert.Equal(TimeSpan.FromHours(2), first.ServiceTime);
        Assert.Equal(TimeSpan.FromHours(2.5), second.ServiceTime);
        Assert.Equal([ServiceEntryKind.CheckIn, ServiceEntryKind.CheckOut], second.Ledger.Select(e => e.Kind));
        Assert.Equal(DutyStatus.Resting, (await world.Grains.Volunteer(World.Member(third, 2)).GetStatus()).ValueOrThrow().Status);

        var timeline = (await world.Grains.Incident(Flood).GetTimeline()).ValueOrThrow().Entries;
        Assert.Equal(
            [IncidentTimelineKinds.Created, TimelineKinds.RecruitmentStarted, TimelineKinds.OfferSent, TimelineKinds.OfferSent,
             IncidentTimelineKinds.MemberAnswered, IncidentTimelineKinds.MemberAnswered,
             TimelineKinds.OfferDeclined, TimelineKinds.OfferSent, TimelineKinds.OfferTimedOut, TimelineKinds.OfferSent,
             IncidentTimelineKinds.MemberAnswered, IncidentTimelineKinds.MemberAnswered, TimelineKinds.OfferAccepted, TimelineKinds.RequirementFilled, TimelineKinds.OfferWithdrawn,
             IncidentTimelineKinds.MemberArrived, IncidentTimelineKinds.MemberArrived, IncidentTimelineKinds.MemberLeft,
             TimelineKinds.TeamReleased, TimelineKinds.StoodDown],
            timeline.Select(e => e.Kind));
        Assert.Equal(world.Now, timeline[^1].At);
    }
}
