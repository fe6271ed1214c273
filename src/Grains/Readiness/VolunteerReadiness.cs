using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Readiness;

/// <summary>What decides whether a volunteer can be called out: duty state with its deadlines, last location, current incident.</summary>
/// <remarks>Named VolunteerReadiness rather than Readiness so it does not collide with its own namespace.</remarks>
[GenerateSerializer, Immutable, Alias("mobilize.readiness.volunteer-readiness")]
public sealed record VolunteerReadiness(
    DutyStatus Status,
    DateTimeOffset? OnCallUntil,
    DateTimeOffset? RestUntil,
    LocationReport? LastLocation,
    IncidentId? CurrentIncident)
{
    public static VolunteerReadiness OffDuty { get; } = new(DutyStatus.Off, null, null, null, null);
}
