using FsCheck;
using FsCheck.Fluent;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Readiness;

public sealed class RestRulesTests
{
    private static readonly DateTimeOffset Noon = new(2026, 7, 20, 12, 0, 0, TimeSpan.FromHours(8));
    private static readonly IncidentId Incident = IncidentId.Create("inc-1");
    private static readonly RestPolicy Flood = new(MinimumMinutes: 30, PerHourWorkedMinutes: 60, MaximumMinutes: 480);

    [Fact]
    public void a_thirty_second_drill_task_earns_the_minimum_plus_a_minutes_share_not_eight_hours()
    {
        var reason = RestRules.Reason(Flood, Incident, exercise: true, Noon, Noon.AddSeconds(30));
        Assert.Equal(new RestReason(Incident, true, WorkedMinutes: 1, RestMinutes: 31), reason);
    }

    [Fact]
    public void each_hour_worked_adds_the_plans_share_until_the_maximum()
    {
        Assert.Equal(30 + 60, RestRules.RestMinutes(Flood, 60));
        Assert.Equal(30 + 150, RestRules.RestMinutes(Flood, 150));
        Assert.Equal(480, RestRules.RestMinutes(Flood, 12 * 60));
    }

    [Fact]
    public void a_share_of_a_minute_is_rounded_up_so_no_rest_is_shorter_than_the_rule()
    {
        var light = new RestPolicy(10, 20, 120);
        // 7 minutes at 20 per hour is 2⅓ minutes: 3.
        Assert.Equal(13, RestRules.RestMinutes(light, 7));
    }

    [Fact]
    public void a_task_whose_start_is_unknown_earns_the_minimum()
    {
        var reason = RestRules.Reason(Flood, Incident, exercise: false, started: null, Noon);
        Assert.Equal(0, reason.WorkedMinutes);
        Assert.Equal(30, reason.RestMinutes);
    }

    [Fact]
    public void the_default_rule_rests_half_an_hour_then_an_hour_per_hour_up_to_the_configured_longest()
    {
        Assert.Equal(new RestPolicy(30, 60, 480), RestRules.Default(TimeSpan.FromHours(8)));
        Assert.Equal(new RestPolicy(10, 60, 10), RestRules.Default(TimeSpan.FromMinutes(10)));
        Assert.Equal(new RestPolicy(0, 60, 0), RestRules.Default(TimeSpan.Zero));
    }

    [Fact]
    public void a_policy_names_every_field_out_of_bounds()
    {
        var errors = new RestPolicy(-1, 24 * 60 + 1, 5).Validate("rest").Select(e => e.Field).ToArray();
        Assert.Equal(["rest.minimumMinutes", "rest.perHourWorkedMinutes"], errors);
        Assert.Equal(["rest.maximumMinutes"], new RestPolicy(60, 0, 30).Validate("rest").Select(e => e.Field));
        Assert.Empty(Flood.Validate("rest"));
    }

    private static readonly Gen<RestPolicy> Policies =
        from minimum in Gen.Choose(0, 240)
        from perHour in Gen.Choose(0, 180)
        from extra in Gen.Choose(0, 600)
        select new RestPolicy(minimum, perHour, minimum + extra);

    [Fact]
    public void rest_lies_between_the_minimum_and_the_maximum_and_never_shrinks_with_more_work()
    {
        var property = Prop.ForAll(Arb.From(Policies), Arb.From(Gen.Choose(0, 2000)), Arb.From(Gen.Choose(0, 120)), (policy, worked, more) =>
        {
            var rest = RestRules.RestMinutes(policy, worked);
            return rest >= policy.MinimumMinutes && rest <= policy.MaximumMinutes
                   && RestRules.RestMinutes(policy, worked + more) >= rest
                   // Below the cap the rest is exactly the rule's sum.
                   && (rest == policy.MaximumMinutes || rest == policy.MinimumMinutes + (int)Math.Ceiling(policy.PerHourWorkedMinutes * worked / 60.0));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }

    [Fact]
    public void worked_minutes_round_up_and_a_task_that_ended_before_it_began_is_no_work()
    {
        var property = Prop.ForAll(Arb.From(Gen.Choose(-600, 36_000)), seconds =>
        {
            var worked = RestRules.WorkedMinutes(TimeSpan.FromSeconds(seconds));
            return seconds <= 0 ? worked == 0 : worked * 60 >= seconds && (worked - 1) * 60 < seconds;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), property);
    }
}
