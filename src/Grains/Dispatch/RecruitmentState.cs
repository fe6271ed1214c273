using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>Everything the incident grain persists about recruitment; changed only through <see cref="RecruitmentDecider"/>.</summary>
/// <param name="Requirements">In plan order, which is also the order decisions are taken in.</param>
/// <param name="Offered">Every team offered anything in this incident; none is offered twice.</param>
/// <param name="Assignments">Team → requirement key, for teams whose acceptance was taken.</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.recruitment-state")]
public sealed record RecruitmentState(
    IncidentId Incident,
    TimeSpan OfferTimeout,
    double OverOfferFactor,
    ImmutableArray<EscalationStep> Ladder,
    ImmutableList<RequirementProgress> Requirements,
    ImmutableDictionary<OfferId, Offer> Offers,
    ImmutableHashSet<TeamId> Offered,
    ImmutableDictionary<TeamId, string> Assignments,
    int NextSequence,
    bool StoodDown,
    ImmutableList<TimelineEntry> Timeline)
{
    public RequirementProgress? Requirement(string key) => Requirements.FirstOrDefault(r => r.Key == key);

    /// <summary>Offers in the order they were made.</summary>
    public IEnumerable<Offer> OffersInOrder() => Offers.Values.OrderBy(o => o.Sequence);

    public IEnumerable<Offer> PendingOffers(string? requirementKey = null) =>
        OffersInOrder().Where(o => o.IsPending && (requirementKey is null || o.RequirementKey == requirementKey));

    /// <summary>When the offer timer must next fire, or null when nothing is pending; re-arm from this after activation.</summary>
    public DateTimeOffset? NextDeadline() =>
        Offers.Values.Where(o => o.IsPending).Select(o => (DateTimeOffset?)o.ExpiresAt).Min();

    [JsonIgnore]
    public bool IsComplete => Requirements.All(r => r.Status == RequirementStatus.Filled);
}
