using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>An incident recruits inside the jurisdiction its escalation level names; beyond the city only by mutual aid
/// that a plan's ladder names, and then on the record.</summary>
public sealed class JurisdictionRecruitmentTests
{
    private static readonly GeoPoint Guomao = new(39.9200, 116.4400);
    private static readonly OrganisationId Tianjin = OrganisationId.Create("tj");

    private static async Task<(TeamId Own, TeamId Neighbour, TeamId OtherCity)> Teams(World world)
    {
        await world.Org(Tianjin, "天津市", OrganisationLevel.City, null);
        // The nearest teams to the site belong to another city and another district; Chaoyang's own is farthest.
        var otherCity = await world.Team("tj-a", Tianjin, new GeoPoint(39.9210, 116.4410));
        var neighbour = await world.Team("hd-a", World.Haidian, new GeoPoint(39.9250, 116.4450));
        var own = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9400, 116.4600));
        return (own, neighbour, otherCity);
    }

    [Fact]
    public async Task a_district_incident_offers_and_explains_only_its_district_then_its_city_and_never_another_city_without_mutual_aid()
    {
        await using var world = await World.StartAsync();
        var (own, neighbour, otherCity) = await Teams(world);
        var incident = IncidentId.Create("flood-district");
        var created = (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", Guomao, World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 2)], RadiusMeters: 10_000, OfferTimeout: TimeSpan.FromMinutes(1)))).ValueOrThrow();

        Assert.Equal([own], created.Offers.Select(o => o.Team));
        var explained = (await world.Grains.Incident(incident).Explain()).ValueOrThrow().Candidates;
        Assert.Equal([own], explained.Select(c => c.Team));

        // Chaoyang's team lets its offer run out: the default ladder climbs to the city, whose Haidian team is asked.
        await world.Advance(TimeSpan.FromMinutes(1), incident);
        var widened = await world.Summary(incident);
        Assert.Equal([own, neighbour], widened.Offers.Select(o => o.Team));
        Assert.Equal(EscalationLevel.City, widened.Requirements.Single().Level);

        // Past the city the default ladder ends: the team of Tianjin, nearest of all, is never offered nor listed.
        await world.Advance(TimeSpan.FromMinutes(1), incident);
        var last = await world.Summary(incident);
        Assert.Equal(IncidentStatus.Unfillable, last.Status);
        Assert.DoesNotContain(otherCity, last.Offers.Select(o => o.Team));
        Assert.DoesNotContain(otherCity, (await world.Grains.Incident(incident).Explain()).ValueOrThrow().Candidates.Select(c => c.Team));
    }

    [Fact]
    public async Task a_plan_that_names_mutual_aid_crosses_the_city_last_and_records_it()
    {
        await using var world = await World.StartAsync();
        var (own, neighbour, otherCity) = await Teams(world);
        (await world.Grains.Plan(World.Chaoyang, "flood").Save(new ResponsePlan(PlanId.Create("cy-flood"), "flood", World.Chaoyang,
            [new RequirementSpec("boats", "water-rescue", 1, 2)], 10_000, TimeSpan.FromMinutes(1), 1,
            [EscalationStep.Widen(EscalationLevel.City, 2), EscalationStep.Widen(EscalationLevel.MutualAid, 2)]))).ValueOrThrow();
        var incident = IncidentId.Create("flood-mutual-aid");
        (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", Guomao, World.Chaoyang, 2, false))).ValueOrThrow();

        await world.Advance(TimeSpan.FromMinutes(1), incident);
        await world.Advance(TimeSpan.FromMinutes(1), incident);

        var summary = await world.Summary(incident);
        Assert.Equal([own, neighbour, otherCity], summary.Offers.Select(o => o.Team));
        var explained = (await world.Grains.Incident(incident).Explain()).ValueOrThrow().Candidates;
        Assert.Equal(EscalationLevel.MutualAid, explained.Single(c => c.Team == otherCity).Level);
        var timeline = (await world.Grains.Incident(incident).GetTimeline()).ValueOrThrow().Entries;
        Assert.Contains(timeline, e => e.Kind == TimelineKinds.Escalated && e.Detail!.StartsWith("MutualAid", StringComparison.Ordinal));
    }
}
