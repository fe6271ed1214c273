using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Actors;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Api.Plans;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Incidents;

public static class IncidentsApi
{
    // POST /api/incidents                   open an incident or drill and start recruiting (集结出动)
    // GET  /api/incidents/{id}              status, requirements, offers and assignments
    // GET  /api/incidents/{id}/explanation  every team the eligibility gate looked at, and why it was left out
    // GET  /api/incidents/{id}/timeline     the append-only audit trail, every step with its time
    // POST /api/incidents/{id}/stand-down   end the callout and release every team (解除)
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents").WithTags("Incidents").RequireAuthorization();
        var incident = Target.Route<IncidentId>("id");
        api.MapPost("/", CreateIncident).Allow(Commanders(Target.Body<CreateIncidentRequest, OrganisationId>("organisationId", r => r.OrganisationId)));
        api.MapGet("/{id}", GetIncident).Allow(Commanders(incident), Observers(incident));
        api.MapGet("/{id}/explanation", ExplainIncident).Allow(Commanders(incident), Observers(incident));
        api.MapGet("/{id}/timeline", GetTimeline).Allow(Commanders(incident), Observers(incident));
        api.MapPost("/{id}/stand-down", StandDown).Allow(Commanders(incident));
        return app;
    }

    public static async Task<Results<Created<IncidentSummary>, ValidationProblem, ProblemHttpResult>> CreateIncident(
        CreateIncidentRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var id = errors.Required(request.Id, "id");
        var incident = new IncidentRequest(
            errors.Required(request.IncidentType, "incidentType"),
            errors.RequiredPoint(request.Place, "place"),
            errors.Required(request.OrganisationId, "organisationId"),
            errors.Required(request.Severity, "severity"),
            request.Exercise ?? false,
            request.Requirements is null ? default : request.Requirements.ToSpecs(errors),
            request.RadiusMeters,
            request.OfferTimeout,
            request.Description);
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcome = await grains.Incident(id).Create(incident);
        return outcome.Value is { } summary ? TypedResults.Created($"/api/incidents/{id}", summary) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<IncidentSummary>, ProblemHttpResult>> GetIncident(IncidentId id, IGrainFactory grains)
    {
        var outcome = await grains.Incident(id).GetSummary();
        return outcome.Value is { } summary ? TypedResults.Ok(summary) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<IncidentExplanation>, ProblemHttpResult>> ExplainIncident(IncidentId id, IGrainFactory grains)
    {
        var outcome = await grains.Incident(id).Explain();
        return outcome.Value is { } explanation ? TypedResults.Ok(explanation) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<IncidentTimeline>, ProblemHttpResult>> GetTimeline(IncidentId id, IGrainFactory grains)
    {
        var outcome = await grains.Incident(id).GetTimeline();
        return outcome.Value is { } timeline ? TypedResults.Ok(timeline) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<IncidentSummary>, ProblemHttpResult>> StandDown(IncidentId id, IGrainFactory grains)
    {
        var outcome = await grains.Incident(id).StandDown();
        return outcome.Value is { } summary ? TypedResults.Ok(summary) : outcome.Refusal!.ToProblem();
    }
}

/// <param name="Requirements">Only when no plan covers the type; a plan up the organisation ladder wins otherwise.</param>
/// <param name="OfferTimeout">As <c>hh:mm:ss</c>; only without a plan.</param>
public sealed record CreateIncidentRequest(
    IncidentId? Id,
    string? IncidentType,
    PointRequest? Place,
    OrganisationId? OrganisationId,
    int? Severity,
    bool? Exercise,
    ImmutableArray<RequirementRequest>? Requirements,
    double? RadiusMeters,
    TimeSpan? OfferTimeout,
    string? Description);
