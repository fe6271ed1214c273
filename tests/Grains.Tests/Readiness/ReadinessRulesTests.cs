using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Readiness;

public sealed class ReadinessRulesTests
{
    private static readonly DateTimeOffset Noon = new(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void on_call_shift_that_has_ended_counts_as_off()
    {
        var readiness = VolunteerReadiness.OffDuty with { Status = DutyStatus.OnCall, OnCallUntil = Noon };
        Assert.Equal(DutyStatus.OnCall, ReadinessRules.EffectiveStatus(readiness, Noon.AddTicks(-1)));
        Assert.Equal(DutyStatus.Off, ReadinessRules.EffectiveStatus(readiness, Noon));
    }

    [Fact]
    public void on_call_without_an_end_stays_on_call()
    {
        var readiness = VolunteerReadiness.OffDuty with { Status = DutyStatus.OnCall };
        Assert.Equal(DutyStatus.OnCall, ReadinessRules.EffectiveStatus(readiness, Noon.AddYears(1)));
    }

    [Fact]
    public void rest_period_that_has_ended_counts_as_available()
    {
        var readiness = VolunteerReadiness.OffDuty with { Status = DutyStatus.Resting, RestUntil = Noon };
        Assert.Equal(DutyStatus.Resting, ReadinessRules.EffectiveStatus(readiness, Noon.AddMinutes(-1)));
        Assert.Equal(DutyStatus.Available, ReadinessRules.EffectiveStatus(readiness, Noon));
    }

    [Fact]
    public void assigned_volunteer_stays_assigned_whatever_the_deadlines_say()
    {
        var readiness = new VolunteerReadiness(DutyStatus.Assigned, Noon, Noon, null, IncidentId.Create("inc-1"));
        Assert.Equal(DutyStatus.Assigned, ReadinessRules.EffectiveStatus(readiness, Noon.AddDays(1)));
    }

    [Fact]
    public void location_older_than_the_limit_is_stale_and_exactly_at_the_limit_is_fresh()
    {
        var report = new LocationReport(new GeoPoint(39.9, 116.4), Noon, 15);
        Assert.True(ReadinessRules.IsLocationFresh(report, Noon.AddMinutes(10), TimeSpan.FromMinutes(10)));
        Assert.False(ReadinessRules.IsLocationFresh(report, Noon.AddMinutes(10).AddSeconds(1), TimeSpan.FromMinutes(10)));
        Assert.True(ReadinessRules.IsLocationFresh(report, Noon.AddMinutes(-1), TimeSpan.FromMinutes(10)));
        Assert.False(ReadinessRules.IsLocationFresh(null, Noon, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void certification_is_valid_from_its_issue_date_through_its_expiry_date()
    {
        Certification[] certs = [new("water-rescue", new(2024, 1, 1), new(2025, 6, 1), null)];
        Assert.Empty(ReadinessRules.ValidCapabilities(certs, new(2023, 12, 31)));
        Assert.Equal(["water-rescue"], ReadinessRules.ValidCapabilities(certs, new(2025, 6, 1)));
        Assert.Empty(ReadinessRules.ValidCapabilities(certs, new(2025, 6, 2)));
    }

    [Fact]
    public void renewed_certification_is_not_reported_as_expired()
    {
        Certification[] certs =
        [
            new("medical", new(2020, 1, 1), new(2022, 1, 1), null),
            new("medical", new(2022, 1, 1), new(2027, 1, 1), null),
            new("water-rescue", new(2020, 1, 1), new(2021, 1, 1), null),
        ];
        var on = new DateOnly(2025, 6, 1);
        Assert.Equal(["medical"], ReadinessRules.ValidCapabilities(certs, on));
        Assert.Equal(["water-rescue"], ReadinessRules.ExpiredCapabilities(certs, on));
    }

    [Fact]
    public void insurance_covers_its_first_and_last_day_only_within_its_period()
    {
        var insurance = new Insurance("P-1", new(2025, 1, 1), new(2025, 12, 31));
        Assert.True(ReadinessRules.IsInsuredOn(insurance, new(2025, 1, 1)));
        Assert.True(ReadinessRules.IsInsuredOn(insurance, new(2025, 12, 31)));
        Assert.False(ReadinessRules.IsInsuredOn(insurance, new(2026, 1, 1)));
        Assert.False(ReadinessRules.IsInsuredOn(null, new(2025, 6, 1)));
    }
}
