using Mobilize.Grains.Readiness;

namespace Mobilize.Grains.Dispatch;

/// <summary>Decides which teams may be offered a requirement, with one reason code for each team left out.</summary>
/// <remarks>
/// Precedence, first failing check wins: availability (off duty, already assigned, resting), then qualification
/// (missing, expired, too few qualified members), then safety (insurance), then place (location unknown, stale,
/// out of radius). Availability comes first because it is the team's own choice and the least surprising thing to
/// show; qualification and insurance hold for the whole incident whatever the team does; place comes last because it
/// changes by the minute and the next escalation step may cure it.
/// </remarks>
public static class EligibilityGate
{
    public static Eligibility Evaluate(CandidateFacts facts, RequirementSpec requirement, IncidentContext incident)
    {
        double? distance = facts.Location is { } at ? at.DistanceMetersTo(incident.Place) : null;
        return new Eligibility(facts.Team, FirstReason(facts, requirement, incident, distance), distance);
    }

    private static ExclusionReason? FirstReason(CandidateFacts facts, RequirementSpec requirement, IncidentContext incident, double? distance)
    {
        if (facts.Status == DutyStatus.Off) return ExclusionReason.NotOnDuty;
        if (facts.Status == DutyStatus.Assigned || facts.CurrentIncident is not null) return ExclusionReason.AlreadyAssigned;
        if (facts.Status == DutyStatus.Resting || facts.RestUntil > incident.Time) return ExclusionReason.Resting;
        var qualified = facts.QualifiedFor(requirement.Capability);
        if (qualified == 0)
            return facts.ExpiredCapabilities.Contains(requirement.Capability) ? ExclusionReason.CertificationExpired : ExclusionReason.MissingCertification;
        if (qualified < requirement.MinimumMembers) return ExclusionReason.TooFewQualifiedMembers;
        if (!facts.DeployingMembersInsured) return ExclusionReason.InsuranceInvalid;
        if (distance is null || facts.LocationReportedAt is null) return ExclusionReason.LocationUnknown;
        if (incident.Time - facts.LocationReportedAt.Value > incident.MaxLocationAge) return ExclusionReason.LocationStale;
        if (distance > incident.RadiusMeters) return ExclusionReason.OutOfRadius;
        return null;
    }
}
