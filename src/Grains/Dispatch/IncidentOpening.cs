using System.Collections.Immutable;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>What opening an incident decides before anything is stored or sent: the request checked, the place inside
/// the organisation's area, the plan that covers the type, and the recruitment setup from the plan or the request.</summary>
/// <param name="Explicitly">The request gave its own requirements (they win over the plan's).</param>
public sealed record IncidentOpening(
    IncidentRequest Request,
    OrganisationLadder Ladder,
    ResponsePlan? Plan,
    RecruitmentSetup Setup,
    bool Explicitly)
{
    public ImmutableArray<OrganisationId> Jurisdictions => [.. Ladder.Nodes.Select(n => n.Id)];

    /// <summary>The checks and choices of <c>IncidentGrain.Create</c>, in its order; the launch preview makes the same.</summary>
    internal static async Task<Outcome<IncidentOpening>> PrepareAsync(IGrainFactory grains, IncidentId id, IncidentRequest request,
        DrillClock drillClock, IDispatchDirectory directory, DispatchOptions defaults)
    {
        if (request.Requirements.IsDefault) request = request with { Requirements = [] };
        var errors = IncidentSetup.Validate(request, drillClock);
        if (!errors.IsEmpty) return Refusal.Invalid(errors);
        var ladder = (await grains.Organisation(request.Organisation).GetLadder()).Value;
        if (ladder is null) return Refusal.Invalid("organisationId", "organisation not found");
        var outside = JurisdictionAreas.Standard.Outside(ladder, request.Place, "place");
        if (!outside.IsEmpty)
            return Refusal.Unprocessable("place.outside-jurisdiction", "The incident lies outside its organisation's jurisdiction.", outside);

        var start = IncidentSetup.StartLevel(ladder.Nodes[0].Level);
        var plan = await PlanLookup.FindAsync(grains, ladder, request.IncidentType);
        var explicitly = !request.Requirements.IsDefaultOrEmpty;
        if (!explicitly && plan is not null)
            return new IncidentOpening(request, ladder, plan, RecruitmentSetup.FromPlan(id, plan, start), explicitly);

        // Requirements the commander gives win over a plan's: the plan still sets what the request leaves out.
        var (fromRequest, problems) = IncidentSetup.Explicit(id, request, start, defaults, plan);
        if (fromRequest is null) return Refusal.Invalid(problems);
        var unknown = IncidentSetup.UnknownCapabilities(request.Requirements, directory.IsKnownCapability, directory.KnownCapabilities);
        if (!unknown.IsEmpty)
            return Refusal.Unprocessable("capability.unknown", "No team could ever fill a requirement: its capability is unknown here.", unknown);
        return new IncidentOpening(request, ladder, plan, fromRequest, explicitly);
    }
}
