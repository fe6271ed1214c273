using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class EscalationTests
{
    private static readonly GeoPoint Sanlitun = new(39.9350, 116.4550);

    private static ResponsePlan NarrowPlan => new(PlanId.Create("cy-fire"), "fire", World.Chaoyang,
        [new RequirementSpec("first-aid", "first-aid", 1, 2)], 3_000, TimeSpan.FromMinutes(2), 1,
        [EscalationStep.Widen(EscalationLevel.District, 2), EscalationStep.To(EscalationLevel.City, 25_000)]);

    [Fact]
    public async Task no_team_within_the_plan_radius_climbs_the_ladder_until_a_farther_team_is_offered()
    {
        await using var world = await World.StartAsync();
        var haidian = await world.Team("hd-aid", World.Haidian, new GeoPoint(39.9600, 116.3000), capability: "first-aid");
        (await world.Grains.Plan(World.Chaoyang, "fire").Save(NarrowPlan)).ValueOrThrow();

        var incident = IncidentId.Create("fire-sanlitun");
        var summary = (await world.Grains.Incident(incident).Create(new IncidentRequest("fire", Sanlitun, World.Chaoyang, 2, false))).ValueOrThrow();

        Assert.Equal([haidian], summary.Offers.Select(o => o.Team));
        var requirement = summary.Requirements.Single();
        Assert.Equal((EscalationLevel.City, 25_000.0), (requirement.Level, requirement.RadiusMeters));
        var timeline = (await world.Grains.Incident(incident).GetTimeline()).ValueOrThrow().Entries;
        Assert.Equal(2, timeline.Count(e => e.Kind == TimelineKinds.Escalated));
    }

    [Fact]
    public async Task a_requirement_still_short_past_the_last_rung_is_unfillable_on_the_timeline()
    {
        await using var world = await World.StartAsync();
        var haidian = await world.Team("hd-aid", World.Haidian, new GeoPoint(39.9600, 116.3000), capability: "first-aid");
        (await world.Grains.Plan(World.Chaoyang, "fire").Save(NarrowPlan)).ValueOrThrow();
        var incident = IncidentId.Create("fire-sanlitun");
        var created = (await world.Grains.Incident(incident).Create(new IncidentRequest("fire", Sanlitun, World.Chaoyang, 2, false))).ValueOrThrow();

        // The only team in reach lets its offer run out.
        await world.Advance(TimeSpan.FromMinutes(2), incident);

        var summary = await world.Summary(incident);
        Assert.Equal(OfferStatus.TimedOut, World.OfferTo(summary, haidian).Status);
        Assert.Equal(IncidentStatus.Unfillable, summary.Status);
        var last = (await world.Grains.Incident(incident).GetTimeline()).ValueOrThrow().Entries[^1];
        Assert.Equal((TimelineKinds.Unfillable, "first-aid", created.CreatedAt.AddMinutes(2)), (last.Kind, last.RequirementKey, last.At));
    }

    [Fact]
    public async Task an_incident_whose_type_has_no_plan_recruits_with_the_requirements_it_was_given()
    {
        await using var world = await World.StartAsync();
        var dongcheng = await world.Team("dc-med", World.Dongcheng, new GeoPoint(39.9300, 116.4200), capability: "medical");
        var incident = IncidentId.Create("crowd-wangfujing");
        var request = new IncidentRequest("crowd", new GeoPoint(39.9150, 116.4100), World.Dongcheng, 1, true,
            [new RequirementSpec("medics", "medical", 1, 2)], RadiusMeters: 5_000);

        var summary = (await world.Grains.Incident(incident).Create(request)).ValueOrThrow();

        Assert.Null(summary.Plan);
        Assert.True(summary.Exercise);
        Assert.Equal([dongcheng], summary.Offers.Select(o => o.Team));
        Assert.Equal(summary.CreatedAt + TimeSpan.FromMinutes(3), summary.Offers[0].ExpiresAt);
    }

    [Fact]
    public async Task an_incident_without_plan_or_requirements_is_refused_naming_the_field()
    {
        await using var world = await World.StartAsync();
        var outcome = await world.Grains.Incident(IncidentId.Create("x")).Create(new IncidentRequest("crowd", new GeoPoint(39.9, 116.4), World.Dongcheng, 1, false));

        Assert.Equal(RefusalKind.Invalid, outcome.Refusal!.Kind);
        Assert.Equal("requirements", Assert.Single(outcome.Refusal.Errors).Field);
        Assert.Equal(RefusalKind.NotFound, (await world.Grains.Incident(IncidentId.Create("x")).GetSummary()).Refusal!.Kind);
    }
}
