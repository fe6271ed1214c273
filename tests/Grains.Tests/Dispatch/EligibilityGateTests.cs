using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;
using static Mobilize.Grains.Tests.Dispatch.Candidates;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class EligibilityGateTests
{
    private static ExclusionReason? Reason(CandidateFacts facts) => EligibilityGate.Evaluate(facts, WaterRescue, Incident).Reason;

    [Fact]
    public void qualified_available_insured_nearby_team_is_eligible_with_its_distance()
    {
        var verdict = EligibilityGate.Evaluate(Ready(), WaterRescue, Incident);
        Assert.True(verdict.IsEligible);
        Assert.InRange(verdict.DistanceMeters!.Value, 1_300, 1_500);
    }

    [Fact]
    public void on_call_team_is_eligible() => Assert.Null(Reason(Ready() with { Status = DutyStatus.OnCall }));

    [Fact]
    public void off_duty_team_is_excluded_as_not_on_duty() => Assert.Equal(ExclusionReason.NotOnDuty, Reason(Ready() with { Status = DutyStatus.Off }));

    [Fact]
    public void team_on_another_incident_is_excluded_as_already_assigned()
    {
        Assert.Equal(ExclusionReason.AlreadyAssigned, Reason(Ready() with { Status = DutyStatus.Assigned }));
        Assert.Equal(ExclusionReason.AlreadyAssigned, Reason(Ready() with { CurrentIncident = IncidentId.Create("inc-fire-3") }));
    }

    [Fact]
    public void team_resting_until_after_the_incident_starts_is_excluded_as_resting()
    {
        Assert.Equal(ExclusionReason.Resting, Reason(Ready() with { RestUntil = Time.AddHours(2) }));
        Assert.Null(Reason(Ready() with { RestUntil = Time }));
    }

    [Fact]
    public void team_without_the_certification_is_excluded_as_missing_certification() =>
        Assert.Equal(ExclusionReason.MissingCertification, Reason(Ready() with { QualifiedMembers = Ready().QualifiedMembers.Clear() }));

    [Fact]
    public void expired_certification_excludes_team_from_water_rescue() =>
        Assert.Equal(ExclusionReason.CertificationExpired,
            Reason(Ready() with { QualifiedMembers = Ready().QualifiedMembers.Clear(), ExpiredCapabilities = ["water-rescue"] }));

    [Fact]
    public void team_with_fewer_qualified_members_than_the_plan_asks_is_excluded() =>
        Assert.Equal(ExclusionReason.TooFewQualifiedMembers, Reason(Ready() with { QualifiedMembers = Ready().QualifiedMembers.SetItem("water-rescue", 3) }));

    [Fact]
    public void uninsured_team_is_excluded_as_insurance_invalid() =>
        Assert.Equal(ExclusionReason.InsuranceInvalid, Reason(Ready() with { DeployingMembersInsured = false }));

    [Fact]
    public void team_that_never_reported_a_location_is_excluded_as_location_unknown()
    {
        var verdict = EligibilityGate.Evaluate(Ready() with { Location = null, LocationReportedAt = null }, WaterRescue, Incident);
        Assert.Equal(ExclusionReason.LocationUnknown, verdict.Reason);
        Assert.Null(verdict.DistanceMeters);
    }

    [Fact]
    public void team_whose_last_report_is_older_than_the_limit_is_excluded_as_stale_but_keeps_its_distance()
    {
        var verdict = EligibilityGate.Evaluate(Ready() with { LocationReportedAt = Time.AddMinutes(-16) }, WaterRescue, Incident);
        Assert.Equal(ExclusionReason.LocationStale, verdict.Reason);
        Assert.NotNull(verdict.DistanceMeters);
    }

    [Fact]
    public void team_beyond_the_radius_is_excluded_as_out_of_radius() =>
        Assert.Equal(ExclusionReason.OutOfRadius, Reason(Ready() with { Location = new GeoPoint(40.2, 116.46) }));

    [Fact]
    public void availability_is_reported_before_qualification_and_qualification_before_location()
    {
        var everythingWrong = Ready() with
        {
            Status = DutyStatus.Off, QualifiedMembers = Ready().QualifiedMembers.Clear(), DeployingMembersInsured = false, Location = null,
        };
        Assert.Equal(ExclusionReason.NotOnDuty, Reason(everythingWrong));
        Assert.Equal(ExclusionReason.MissingCertification, Reason(everythingWrong with { Status = DutyStatus.Available }));
    }
}
