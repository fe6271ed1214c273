using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class ResponsePlanTests
{
    private static ResponsePlan Flood() => new(
        PlanId.Create("plan-flood"), "flood", OrganisationId.Create("bj-chaoyang"),
        [new RequirementSpec("boats", "water-rescue", 2, 4), new RequirementSpec("medics", "medical", 1, 2)],
        20_000, TimeSpan.FromMinutes(3), 1.5,
        [EscalationStep.Widen(EscalationLevel.Street, 2), EscalationStep.To(EscalationLevel.City, 100_000), EscalationStep.To(EscalationLevel.MutualAid, 300_000)]);

    private static IEnumerable<string> Fields(ResponsePlan plan) => plan.Validate().Select(e => e.Field);

    [Fact]
    public void two_boat_teams_and_a_medical_team_within_twenty_km_is_a_valid_plan() => Assert.Empty(Flood().Validate());

    [Fact]
    public void plan_needs_at_least_one_requirement() => Assert.Equal(["requirements"], Fields(Flood() with { Requirements = [] }));

    [Fact]
    public void requirement_asking_for_no_teams_or_no_capability_is_rejected() =>
        Assert.Equal(["requirements[0].capability", "requirements[0].teams", "requirements[0].minimumMembers"],
            Fields(Flood() with { Requirements = [new RequirementSpec("boats", " ", 0, 0)] }));

    [Fact]
    public void requirement_keys_must_be_unique() =>
        Assert.Equal(["requirements[1].key"],
            Fields(Flood() with { Requirements = [new("boats", "water-rescue", 1, 1), new("boats", "medical", 1, 1)] }));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(500_001)]
    [InlineData(double.NaN)]
    public void radius_must_be_positive_and_at_most_500_km(double radius) =>
        Assert.Equal(["radiusMeters"], Fields(Flood() with { RadiusMeters = radius }));

    [Theory]
    [InlineData(29)]
    [InlineData(3601)]
    public void offer_timeout_must_be_between_thirty_seconds_and_an_hour(int seconds) =>
        Assert.Equal(["offerTimeout"], Fields(Flood() with { OfferTimeout = TimeSpan.FromSeconds(seconds) }));

    [Theory]
    [InlineData(0.99)]
    [InlineData(5.01)]
    public void over_offer_factor_must_be_between_one_and_five(double factor) =>
        Assert.Equal(["overOfferFactor"], Fields(Flood() with { OverOfferFactor = factor }));

    [Fact]
    public void limits_themselves_are_allowed()
    {
        Assert.Empty((Flood() with { RadiusMeters = 500_000, OfferTimeout = TimeSpan.FromSeconds(30), OverOfferFactor = 1 }).Validate());
        Assert.Empty((Flood() with { OfferTimeout = TimeSpan.FromHours(1), OverOfferFactor = 5 }).Validate());
    }

    [Fact]
    public void ladder_must_climb_and_each_step_must_say_how_far()
    {
        var plan = Flood() with
        {
            Ladder = [EscalationStep.Widen(EscalationLevel.District, 2), new EscalationStep(EscalationLevel.Street, null, null), EscalationStep.Widen(EscalationLevel.City, 0.5)],
        };
        Assert.Equal(["ladder[1].level", "ladder[1]", "ladder[2].radiusFactor"], Fields(plan));
    }

    [Fact]
    public void escalation_step_widens_by_factor_or_to_an_absolute_radius_but_never_narrows_or_passes_the_limit()
    {
        Assert.Equal(40_000, EscalationStep.Widen(EscalationLevel.Street, 2).WidenedRadius(20_000));
        Assert.Equal(100_000, EscalationStep.To(EscalationLevel.City, 100_000).WidenedRadius(20_000));
        Assert.Equal(120_000, EscalationStep.To(EscalationLevel.City, 100_000).WidenedRadius(120_000));
        Assert.Equal(ResponsePlan.MaxRadiusMeters, EscalationStep.Widen(EscalationLevel.MutualAid, 4).WidenedRadius(400_000));
    }

    [Fact]
    public void plan_becomes_a_recruitment_setup_for_an_incident()
    {
        var setup = RecruitmentSetup.FromPlan(IncidentId.Create("inc-1"), Flood(), EscalationLevel.District);
        Assert.Equal((20_000d, TimeSpan.FromMinutes(3), 1.5, EscalationLevel.District),
            (setup.RadiusMeters, setup.OfferTimeout, setup.OverOfferFactor, setup.StartLevel));
        Assert.Equal(Flood().Requirements.AsEnumerable(), setup.Requirements.AsEnumerable());
    }
}
