using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>What a commander sees before launching a callout: the area of their jurisdiction, the plans that apply to a
/// place in it, and a dry run of the launch itself.</summary>
[Alias("mobilize.dispatch.launch-grain")]
public interface ILaunchGrain : IGrainWithIntegerKey
{
    /// <summary>The districts the organisation's jurisdiction covers; an empty list when its area is unknown.</summary>
    [Alias("Area")]
    Task<Outcome<JurisdictionArea>> Area(OrganisationId organisation);

    /// <summary>The plans an incident opened by the organisation would follow, one per incident type (the nearest up
    /// its ladder); with a place, only when the place lies in its area (422 <c>place.outside-jurisdiction</c>).</summary>
    [Alias("Plans")]
    Task<Outcome<ApplyingPlans>> Plans(OrganisationId organisation, GeoPoint? place);

    /// <summary>A dry run of opening an incident: the same checks, plan, gate, ranking and recruitment decision as
    /// <c>IncidentGrain.Create</c>, answered without storing anything, sending an offer or telling the live feed.</summary>
    [Alias("Preview")]
    Task<Outcome<CalloutPreview>> Preview(IncidentId id, IncidentRequest request);
}

/// <param name="Organisation">The organisation whose code decides the area (the jurisdiction's, or the nearest above it with one).</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.jurisdiction-area")]
public sealed record JurisdictionArea(OrganisationId Jurisdiction, OrganisationId? Organisation, ImmutableArray<DistrictArea> Districts);

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.applying-plans")]
public sealed record ApplyingPlans(OrganisationId Organisation, GeoPoint? Place, ImmutableArray<ResponsePlan> Plans);

/// <summary>Whom a callout would offer first, per requirement, had it been launched at <see cref="At"/>.</summary>
/// <param name="Plan">The plan whose requirements or limits apply; null when the request's own and the defaults do.</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.callout-preview")]
public sealed record CalloutPreview(
    string IncidentType,
    PlanId? Plan,
    OrganisationId? PlanJurisdiction,
    bool ExplicitRequirements,
    TimeSpan OfferTimeout,
    DateTimeOffset At,
    ImmutableArray<PreviewRequirement> Requirements);

/// <param name="Offers">The first wave, in offer order (soonest arrival first).</param>
/// <param name="Eligible">Teams the gate let through for this requirement in the searches the decision made.</param>
/// <param name="Excluded">How many teams each reason left out.</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.preview-requirement")]
public sealed record PreviewRequirement(
    string Key,
    string Capability,
    int Teams,
    int MinimumMembers,
    RequirementStatus Status,
    double RadiusMeters,
    EscalationLevel Level,
    ImmutableArray<PreviewOffer> Offers,
    int Eligible,
    ImmutableDictionary<ExclusionReason, int> Excluded);

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.preview-offer")]
public sealed record PreviewOffer(TeamId Team, double? DistanceMeters, TimeSpan? Eta, EscalationLevel Level, int Wave);

// Stateless: nothing of a launch's preparation is kept, so any silo may answer it, several at once.
[StatelessWorker]
[GrainType("launch")]
internal sealed class LaunchGrain(
    IDispatchDirectory directory,
    TimeProvider time,
    DrillClock drillClock,
    IOptions<DispatchOptions> dispatchOptions,
    IOptions<ReadinessOptions> readinessOptions) : Grain, ILaunchGrain
{
    public async Task<Outcome<JurisdictionArea>> Area(OrganisationId organisation)
    {
        var ladder = await GrainFactory.Organisation(organisation).GetLadder();
        if (ladder.Value is not { } found) return ladder.Refusal!;
        return JurisdictionAreas.Standard.DistrictsOf(found) is { } area
            ? new JurisdictionArea(organisation, area.Organisation.Id, area.Districts)
            : new JurisdictionArea(organisation, null, []);
    }

    public async Task<Outcome<ApplyingPlans>> Plans(OrganisationId organisation, GeoPoint? place)
    {
        var ladder = await GrainFactory.Organisation(organisation).GetLadder();
        if (ladder.Value is not { } found) return ladder.Refusal!;
        if (place is { } at)
        {
            var errors = at.Validate("place");
            if (!errors.IsEmpty) return Refusal.Invalid(errors);
            var outside = JurisdictionAreas.Standard.Outside(found, at, "place");
            if (!outside.IsEmpty)
                return Refusal.Unprocessable("place.outside-jurisdiction", "The place lies outside the organisation's jurisdiction.", outside);
        }
        return new ApplyingPlans(organisation, place, await PlanLookup.ApplyingAsync(GrainFactory, found));
    }

    public async Task<Outcome<CalloutPreview>> Preview(IncidentId id, IncidentRequest request)
    {
        var prepared = await IncidentOpening.PrepareAsync(GrainFactory, id, request, drillClock, directory, dispatchOptions.Value);
        if (prepared.Value is not { } opening) return prepared.Refusal!;
        var search = new CandidateSearch(directory, dispatchOptions.Value, readinessOptions.Value);
        var setup = opening.Setup;
        var place = opening.Request.Place;
        var now = time.GetUtcNow();
        ImmutableList<CandidateVerdict> verdicts = [];
        var candidates = ImmutableDictionary.CreateBuilder<string, ImmutableArray<RankedCandidate>>();
        foreach (var requirement in setup.Requirements)
            candidates[requirement.Key] = search.Run(place, opening.Jurisdictions, requirement, setup.RadiusMeters, setup.StartLevel, [], now, ref verdicts);
        var (recruitment, outbound) = search.Follow(RecruitmentDecider.Start(setup, candidates.ToImmutable(), now), place, opening.Jurisdictions, now, ref verdicts);

        var sent = outbound.OfType<SendOffer>().ToList();
        var requirements = recruitment.Requirements.Select(progress =>
        {
            var judged = verdicts.Where(v => v.RequirementKey == progress.Key).ToList();
            var offers = sent.Where(o => o.RequirementKey == progress.Key).Select(o =>
            {
                var verdict = judged.LastOrDefault(v => v.Team == o.Team);
                return new PreviewOffer(o.Team, verdict?.DistanceMeters, verdict?.Eta, verdict?.Level ?? progress.Level, recruitment.Offers[o.Offer].Wave);
            });
            return new PreviewRequirement(progress.Key, progress.Spec.Capability, progress.Spec.Teams, progress.Spec.MinimumMembers, progress.Status,
                progress.RadiusMeters, progress.Level, [.. offers], judged.Count(v => v.Reason is null),
                judged.Where(v => v.Reason is not null).GroupBy(v => v.Reason!.Value).ToImmutableDictionary(g => g.Key, g => g.Count()));
        });
        return new CalloutPreview(opening.Request.IncidentType, opening.Plan?.Id, opening.Plan?.Jurisdiction, opening.Explicitly,
            setup.OfferTimeout, now, [.. requirements]);
    }
}
