namespace Mobilize.Grains.Dispatch;

/// <summary>Why a team was left out of a callout; the order of the members is the gate's precedence
/// (see <see cref="EligibilityGate"/>).</summary>
[GenerateSerializer, Alias("mobilize.dispatch.exclusion-reason")]
public enum ExclusionReason
{
    NotOnDuty = 1,
    AlreadyAssigned,
    Resting,
    MissingCertification,
    CertificationExpired,
    TooFewQualifiedMembers,
    InsuranceInvalid,
    LocationUnknown,
    LocationStale,
    OutOfRadius,
}
