using System.Collections.Immutable;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>What a callout recruits for: a plan's requirements and limits, or the same given explicitly by a commander.</summary>
/// <param name="StartLevel">The level the first search covers; the ladder climbs from there.</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.recruitment-setup")]
public sealed record RecruitmentSetup(
    IncidentId Incident,
    ImmutableArray<RequirementSpec> Requirements,
    double RadiusMeters,
    TimeSpan OfferTimeout,
    double OverOfferFactor,
    ImmutableArray<EscalationStep> Ladder,
    EscalationLevel StartLevel = EscalationLevel.Community,
    RestPolicy? Rest = null)
{
    public static RecruitmentSetup FromPlan(IncidentId incident, ResponsePlan plan, EscalationLevel startLevel = EscalationLevel.Community) =>
        new(incident, plan.Requirements, plan.RadiusMeters, plan.OfferTimeout, plan.OverOfferFactor, plan.Ladder, startLevel, plan.Rest);
}
