using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class PlanGrainTests
{
    private static ResponsePlan CityFloodPlan => new(PlanId.Create("bj-flood"), "flood", World.Beijing,
        [new RequirementSpec("boats", "water-rescue", 2, 4)], 20_000, TimeSpan.FromMinutes(3), 1.5, []);

    [Fact]
    public async Task an_incident_in_a_community_uses_the_nearest_plan_up_its_ladder()
    {
        await using var world = await World.StartAsync();
        var street = OrganisationId.Create("bj-chaoyang-jianwai");
        await world.Org(street, "建外街道", OrganisationLevel.Street, World.Chaoyang);
        (await world.Grains.Plan(World.Beijing, "flood").Save(CityFloodPlan)).ValueOrThrow();
        (await world.Grains.Plan(World.Chaoyang, "flood").Save(CityFloodPlan with { Id = PlanId.Create("cy-flood"), Jurisdiction = World.Chaoyang })).ValueOrThrow();

        var ladder = (await world.Grains.Organisation(street).GetLadder()).ValueOrThrow();
        var inHaidian = (await world.Grains.Organisation(World.Haidian).GetLadder()).ValueOrThrow();

        Assert.Equal(PlanId.Create("cy-flood"), (await PlanLookup.FindAsync(world.Grains, ladder, "Flood"))!.Id);
        Assert.Equal(PlanId.Create("bj-flood"), (await PlanLookup.FindAsync(world.Grains, inHaidian, "flood"))!.Id);
        Assert.Null(await PlanLookup.FindAsync(world.Grains, ladder, "earthquake"));
    }

    [Fact]
    public async Task an_invalid_plan_or_one_saved_under_another_key_is_refused()
    {
        await using var world = await World.StartAsync();
        var invalid = await world.Grains.Plan(World.Beijing, "flood").Save(CityFloodPlan with { RadiusMeters = 0, OfferTimeout = TimeSpan.FromSeconds(5) });
        var misplaced = await world.Grains.Plan(World.Haidian, "flood").Save(CityFloodPlan);

        Assert.Equal(["radiusMeters", "offerTimeout"], invalid.Refusal!.Errors.Select(e => e.Field));
        Assert.Equal("jurisdiction", misplaced.Refusal!.Errors.Single().Field);
        Assert.Equal(RefusalKind.NotFound, (await world.Grains.Plan(World.Beijing, "flood").Get()).Refusal!.Kind);
    }
}
