using System.Collections.Immutable;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>What a team looks like to the eligibility gate, flat so the dispatch service can keep one per team.</summary>
/// <param name="Status">The effective status (see <see cref="ReadinessRules.EffectiveStatus"/>) at the incident's time.</param>
/// <param name="QualifiedMembers">Per capability, members whose certification is valid on the incident's date.</param>
/// <param name="ExpiredCapabilities">Capabilities some member held, but only through certifications expired by that date.</param>
/// <param name="DeployingMembersInsured">Every member who would deploy has insurance valid on that date.</param>
/// <param name="Within">The team's organisation and those above it: the jurisdictions it belongs to.</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.candidate-facts")]
public sealed record CandidateFacts(
    TeamId Team,
    DutyStatus Status,
    IncidentId? CurrentIncident,
    DateTimeOffset? RestUntil,
    GeoPoint? Location,
    DateTimeOffset? LocationReportedAt,
    ImmutableDictionary<string, int> QualifiedMembers,
    ImmutableHashSet<string> ExpiredCapabilities,
    bool DeployingMembersInsured,
    int MemberCount,
    ImmutableArray<OrganisationId> Within = default)
{
    public int QualifiedFor(string capability) => QualifiedMembers.GetValueOrDefault(capability);

    public bool BelongsTo(OrganisationId jurisdiction) => !Within.IsDefault && Within.Contains(jurisdiction);
}
