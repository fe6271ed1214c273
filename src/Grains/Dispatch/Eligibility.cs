namespace Mobilize.Grains.Dispatch;

/// <summary>The gate's verdict on one team: eligible, or excluded for one primary <see cref="Reason"/>. The distance
/// is known whenever the team's location is, even if stale, so a commander can see how close an excluded team was.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.eligibility")]
public sealed record Eligibility(Shared.TeamId Team, ExclusionReason? Reason, double? DistanceMeters)
{
    public bool IsEligible => Reason is null;
}
