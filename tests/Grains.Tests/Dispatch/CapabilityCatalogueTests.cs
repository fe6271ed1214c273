using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>The directory's capability catalogue is no limit of a deployment: a province may hold any number of codes,
/// and a search for a rare code finds exactly the teams that hold it.</summary>
public sealed class CapabilityCatalogueTests
{
    [Fact]
    public async Task a_team_whose_members_hold_seventy_two_new_codes_is_created_and_found_by_a_rare_code_and_only_by_its_own()
    {
        await using var world = await World.StartAsync();
        var site = new GeoPoint(39.9200, 116.4400);
        // Three members, 24 new codes each (within a volunteer's own bound): 72 new codes, 80 with the standard ones.
        var many = await world.Volunteer("many", [.. Enumerable.Range(0, 24).Select(i => World.Cert($"rare-{i:D2}"))]);
        var more = await world.Volunteer("more", [.. Enumerable.Range(24, 24).Select(i => World.Cert($"rare-{i:D2}"))]);
        var most = await world.Volunteer("most", [.. Enumerable.Range(48, 24).Select(i => World.Cert($"rare-{i:D2}"))]);
        var team = (await world.Grains.Team(TeamId.Create("cy-many")).Create(
            new TeamRegistration("多资质队", World.Chaoyang, many, new GeoPoint(39.9250, 116.4450), 1))).ValueOrThrow().Id;
        (await world.Grains.Team(team).AddMember(more)).ValueOrThrow();
        (await world.Grains.Team(team).AddMember(most)).ValueOrThrow();
        // Another team holding another code that shares the catalogue's last bit, nearer the site.
        var other = await world.Volunteer("other", [World.Cert("rare-other")]);
        (await world.Grains.Team(TeamId.Create("cy-other")).Create(
            new TeamRegistration("另一队", World.Chaoyang, other, new GeoPoint(39.9210, 116.4410), 1))).ValueOrThrow();

        var incident = IncidentId.Create("rare-callout");
        var summary = (await world.Grains.Incident(incident).Create(new IncidentRequest("chemical", site, World.Chaoyang, 2, false,
            [new RequirementSpec("rare", "rare-69", 1, 1)], RadiusMeters: 5_000))).ValueOrThrow();

        Assert.Equal([team], summary.Offers.Select(o => o.Team));
        Assert.Equal([team], (await world.Grains.Incident(incident).Explain()).ValueOrThrow().Candidates.Select(c => c.Team));
    }

    [Fact]
    public async Task a_misspelt_capability_in_an_explicit_callout_is_refused_naming_the_field_and_the_code_meant()
    {
        await using var world = await World.StartAsync();
        await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450));
        var incident = IncidentId.Create("typo");

        var outcome = await world.Grains.Incident(incident).Create(new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 1), new RequirementSpec("boats2", "water_rescue", 1, 1)]));

        Assert.Equal((RefusalKind.Unprocessable, "capability.unknown"), (outcome.Refusal!.Kind, outcome.Refusal.Code));
        var error = Assert.Single(outcome.Refusal.Errors);
        Assert.Equal("requirements[1].capability", error.Field);
        Assert.Contains("'water-rescue'", error.Message);
        Assert.Equal(RefusalKind.NotFound, (await world.Grains.Incident(incident).GetSummary()).Refusal!.Kind);
    }

    [Fact]
    public async Task explicit_requirements_win_over_the_plan_that_covers_the_type_whose_ladder_still_applies()
    {
        await using var world = await World.StartAsync();
        var medics = await world.Team("cy-med", World.Chaoyang, new GeoPoint(39.9250, 116.4450), capability: "medical");
        await world.Team("cy-boat", World.Chaoyang, new GeoPoint(39.9240, 116.4440));
        (await world.Grains.Plan(World.Chaoyang, "flood").Save(new ResponsePlan(PlanId.Create("cy-flood"), "flood", World.Chaoyang,
            [new RequirementSpec("boats", "water-rescue", 1, 2)], 10_000, TimeSpan.FromMinutes(3), 1,
            [EscalationStep.To(EscalationLevel.City, 40_000)]))).ValueOrThrow();

        var summary = (await world.Grains.Incident(IncidentId.Create("flood-medics")).Create(new IncidentRequest("flood", new GeoPoint(39.92, 116.44),
            World.Chaoyang, 2, false, [new RequirementSpec("medics", "medical", 1, 2)]))).ValueOrThrow();

        var requirement = Assert.Single(summary.Requirements);
        Assert.Equal(("medics", "medical", 10_000.0), (requirement.Key, requirement.Capability, requirement.RadiusMeters));
        Assert.Equal([medics], summary.Offers.Select(o => o.Team));
        Assert.Equal(PlanId.Create("cy-flood"), summary.Plan);
        Assert.Equal(TimeSpan.FromMinutes(3), summary.Offers.Single().ExpiresAt - summary.Offers.Single().SentAt);
    }
}
