using System.Collections.Immutable;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>What a team publishes to the dispatch directory on every change: its own duty and deployment, and a card
/// per member. Facts for the gate are derived from it at the incident's time (<see cref="TeamFacts.At"/>), because
/// on-call shifts, rest periods and certificates run out without any event.</summary>
/// <param name="Within">The team's organisation and those above it, nearest first (default: only
/// <see cref="Organisation"/> is known).</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.team-card")]
public sealed record TeamCard(
    TeamId Team,
    OrganisationId Organisation,
    GeoPoint Base,
    DutyStatus Duty,
    DateTimeOffset? OnCallUntil,
    DateTimeOffset? RestUntil,
    IncidentId? CurrentIncident,
    ImmutableArray<MemberCard> Members,
    ImmutableArray<OrganisationId> Within = default);

/// <summary>Derives a team's <see cref="CandidateFacts"/> from its card.</summary>
/// <remarks>
/// Only members who could deploy now (on duty, not deployed elsewhere) count towards capabilities and insurance.
/// The team is off duty when it says so or when none of its members is on duty. Its place is the freshest live
/// location reported by such a member — members travel together, and a phone beats a registered address — and goes
/// stale when those reports stop, since a team last seen across town is not at its base. A team whose members share
/// no location is placed at its base, which does not go stale.
/// </remarks>
public static class TeamFacts
{
    public static CandidateFacts At(TeamCard card, DateTimeOffset at) => At(card, at, out _);

    /// <param name="placedAtBase">No member who could deploy has reported a place, so the team stands at its base.</param>
    // Loops rather than LINQ and immutable sets: the directory derives facts for every team on every coalesced move.
    internal static CandidateFacts At(TeamCard card, DateTimeOffset at, out bool placedAtBase)
    {
        var date = ServiceCalendar.DateOf(at);
        var qualified = new Dictionary<string, int>(StringComparer.Ordinal);
        HashSet<string>? expired = null;
        var heldByMember = new HashSet<string>(StringComparer.Ordinal);
        var deploying = 0;
        var insured = true;
        LocationReport? live = null;
        foreach (var member in card.Members)
        {
            if (!CanDeploy(member, at)) continue;
            deploying++;
            insured &= ReadinessRules.IsInsuredOn(member.Insurance, date);
            if (member.Readiness.LastLocation is { } report && (live is null || report.ReportedAt > live.ReportedAt)) live = report;
            heldByMember.Clear();
            foreach (var certification in member.Certifications)
                if (certification.IsValidOn(date) && heldByMember.Add(certification.Capability))
                    qualified[certification.Capability] = qualified.GetValueOrDefault(certification.Capability) + 1;
            foreach (var certification in member.Certifications)
                if (certification.Expires < date && !heldByMember.Contains(certification.Capability))
                    (expired ??= new HashSet<string>(StringComparer.Ordinal)).Add(certification.Capability);
        }
        expired?.ExceptWith(qualified.Keys);
        placedAtBase = live is null;
        return new CandidateFacts(
            card.Team,
            Status(card, at, deploying),
            card.CurrentIncident,
            card.RestUntil,
            live?.Point ?? card.Base,
            live?.ReportedAt ?? at,
            qualified.ToImmutableDictionary(StringComparer.Ordinal),
            expired is null ? ImmutableHashSet.Create<string>(StringComparer.Ordinal) : expired.ToImmutableHashSet(StringComparer.Ordinal),
            deploying > 0 && insured,
            card.Members.Length,
            card.Within.IsDefault ? [card.Organisation] : card.Within);
    }

    /// <summary>Every capability some member holds or held, for the directory's index: a search must also find teams
    /// whose certificates expired, so the gate can say so.</summary>
    public static ImmutableHashSet<string> IndexedCapabilities(TeamCard card) =>
        card.Members.SelectMany(m => m.Certifications).Select(c => c.Capability).ToImmutableHashSet(StringComparer.Ordinal);

    public static DutyStatus Status(TeamCard card, DateTimeOffset at, int deployingMembers)
    {
        if (card.CurrentIncident is not null) return DutyStatus.Assigned;
        var own = ReadinessRules.EffectiveStatus(new VolunteerReadiness(card.Duty, card.OnCallUntil, card.RestUntil, null, null), at);
        if (own is DutyStatus.Available or DutyStatus.OnCall && deployingMembers == 0) return DutyStatus.Off;
        return own;
    }

    private static bool CanDeploy(MemberCard member, DateTimeOffset at) =>
        member.Readiness.CurrentIncident is null
        && ReadinessRules.EffectiveStatus(member.Readiness, at) is DutyStatus.Available or DutyStatus.OnCall;
}
