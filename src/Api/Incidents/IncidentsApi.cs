using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Exercises;
using Mobilize.Api.Infrastructure;
using Mobilize.Api.Plans;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Exercises;
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
    // GET  /api/incidents/{id}/cap          the incident as a Common Alerting Protocol 1.2 alert (status Exercise for drills)
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents").WithTags("Incidents").RequireAuthorization();
        var incident = Target.Route<IncidentId>("id");
        api.MapPost("/", CreateIncident).Allow(Commanders(Target.Body<CreateIncidentRequest, OrganisationId>("organisationId", r => r.OrganisationId)));
        api.MapGet("/{id}", GetIncident).Allow(Commanders(incident), Observers(incident));
        api.MapGet("/{id}/explanation", ExplainIncident).Allow(Commanders(incident), Observers(incident));
        api.MapGet("/{id}/timeline", GetTimeline).Allow(Commanders(incident), Observers(incident));
        api.MapPost("/{id}/stand-down", StandDown).Allow(Commanders(incident));
        api.MapGet("/{id}/cap", CapExport.GetCap).Allow(Commanders(incident), Observers(incident));
        return app;
    }

    public static async Task<Results<Created<IncidentSummary>, ValidationProblem, ProblemHttpResult>> CreateIncident(
        CreateIncidentRequest request, ClaimsPrincipal user, IGrainFactory grains, AccessScopes scopes)
    {
        var errors = new RequestErrors();
        var id = errors.Required(request.Id, "id");
        var incident = IncidentRequests.ReadIncident(errors, request.IncidentType, request.Place, request.OrganisationId, request.Severity,
            request.Exercise, request.Requirements, request.RadiusMeters, request.OfferTimeout, request.Description);
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        // Injected by a named exercise, the exercise opens it (and marks it); a bare "exercise: true" is a drill of its own.
        if (request.ExerciseId is { } exerciseId && await ExerciseAccess.MayRun(user, exerciseId, grains, scopes) is { } forbidden) return forbidden.ToProblem();
        var outcome = request.ExerciseId is { } exercise
            ? await grains.Exercise(exercise).Inject(id, incident)
            : await grains.Incident(id).Create(incident);
        return outcome.Value is { } summary ? TypedResults.Created($"/api/incidents/{id}", summary) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<IncidentSummary>, ProblemHttpResult>> GetIncident(IncidentId id, IGrainFactory grains)
    {
        var outcome = await grains.Incident(id).GetSummary();
        return outcome.Value is { } summary ? TypedResults.Ok(summary) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<ExplanationView>, ProblemHttpResult>> ExplainIncident(IncidentId id, IGrainFactory grains)
    {
        var outcome = await grains.Incident(id).Explain();
        return outcome.Value is { } explanation ? TypedResults.Ok(ExplanationView.Of(explanation)) : outcome.Refusal!.ToProblem();
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

/// <param name="Requirements">Required when no plan covers the type; given, they win over the plan's (whose ladder
/// and limits still apply where the request leaves them out). Each capability must be known here (422 otherwise).</param>
/// <param name="OfferTimeout">As <c>hh:mm:ss</c>; given, it wins over a plan's.</param>
/// <param name="ExerciseId">Injects the incident into this running exercise; it is then an exercise incident whatever <paramref name="Exercise"/> says.</param>
/// <summary>What a launch and its dry run both read from a request: the same fields, the same refusals.</summary>
internal static class IncidentRequests
{
    public static IncidentRequest ReadIncident(RequestErrors errors, string? incidentType, PointRequest? place,
        OrganisationId? organisationId, int? severity, bool? exercise, ImmutableArray<RequirementRequest>? requirements,
        double? radiusMeters, TimeSpan? offerTimeout, string? description) => new(
            errors.Required(incidentType, "incidentType"),
            errors.RequiredPoint(place, "place"),
            errors.Required(organisationId, "organisationId"),
            errors.Required(severity, "severity"),
            exercise ?? false,
            requirements is null ? default : requirements.ToSpecs(errors),
            radiusMeters,
            offerTimeout,
            description);
}

public sealed record CreateIncidentRequest(
    [property: Required] IncidentId? Id,
    [property: Required] [property: RegularExpression(InputBounds.IncidentTypePattern)] string? IncidentType,
    [property: Required] PointRequest? Place,
    [property: Required] OrganisationId? OrganisationId,
    [property: Required] int? Severity,
    bool? Exercise,
    [property: MaxLength(InputBounds.RequirementsPerPlan)] ImmutableArray<RequirementRequest>? Requirements,
    double? RadiusMeters,
    TimeSpan? OfferTimeout,
    [property: MaxLength(InputBounds.IncidentDescriptionLength)] string? Description,
    ExerciseId? ExerciseId = null);

/// <summary>The gate's verdicts as the API answers them: arrival times in minutes, as everywhere else in the API
/// (members answer with <c>etaMinutes</c>).</summary>
public sealed record ExplanationView(IncidentId Id, ImmutableArray<VerdictView> Candidates)
{
    public static ExplanationView Of(IncidentExplanation explanation) => new(explanation.Id,
        [.. explanation.Candidates.Select(c => new VerdictView(c.RequirementKey, c.Team, c.Reason, c.DistanceMeters,
            c.Eta is { } eta ? Math.Round(eta.TotalMinutes, 1) : null, c.Level, c.RadiusMeters, c.At))]);
}

/// <param name="EtaMinutes">Estimated travel time at the dispatch travel speed, to a tenth of a minute; null when the
/// team's place is unknown.</param>
public sealed record VerdictView(
    string RequirementKey,
    TeamId Team,
    ExclusionReason? Reason,
    double? DistanceMeters,
    double? EtaMinutes,
    EscalationLevel Level,
    double RadiusMeters,
    DateTimeOffset At);
