using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Plans;

public static class PlansApi
{
    // PUT /api/organisations/{organisationId}/plans/{incidentType}   create or replace the plan (预案) for a type of incident
    // GET /api/organisations/{organisationId}/plans/{incidentType}   the plan
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisations/{organisationId}/plans").WithTags("Plans").RequireAuthorization();
        var organisation = Target.Route<OrganisationId>("organisationId");
        api.MapPut("/{incidentType}", SavePlan).Allow(Commanders(organisation));
        api.MapGet("/{incidentType}", GetPlan).Allow(Commanders(organisation), Observers(organisation));
        return app;
    }

    public static async Task<Results<Ok<ResponsePlan>, ValidationProblem, ProblemHttpResult>> SavePlan(
        OrganisationId organisationId, [RegularExpression(InputBounds.IncidentTypePattern)] string incidentType, PlanRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        if (IncidentTypeProblem(incidentType) is { } typeProblem) return typeProblem;
        var id = errors.Required(request.Id, "id");
        var requirements = request.Requirements.ToSpecs(errors);
        var ladder = ImmutableArray.CreateBuilder<EscalationStep>();
        var steps = request.Ladder ?? [];
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i] is not { } step)
            {
                errors.Add($"ladder[{i}]", "is required");
                continue;
            }
            ladder.Add(new EscalationStep(errors.Required(step.Level, $"ladder[{i}].level"), step.RadiusFactor, step.RadiusMeters));
        }
        var plan = new ResponsePlan(
            id, incidentType, organisationId, requirements,
            errors.Required(request.RadiusMeters, "radiusMeters"),
            errors.Required(request.OfferTimeout, "offerTimeout"),
            errors.Required(request.OverOfferFactor, "overOfferFactor"),
            ladder.ToImmutable(),
            request.Rest is { } rest
                ? new RestPolicy(errors.Required(rest.MinimumMinutes, "rest.minimumMinutes"), errors.Required(rest.PerHourWorkedMinutes, "rest.perHourWorkedMinutes"),
                    errors.Required(rest.MaximumMinutes, "rest.maximumMinutes"))
                : null);
        errors.AlsoDomain(plan.Validate);
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcome = await grains.Plan(organisationId, incidentType).Save(plan);
        return outcome.Value is { } saved ? TypedResults.Ok(saved) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<ResponsePlan>, ValidationProblem, ProblemHttpResult>> GetPlan(OrganisationId organisationId, [RegularExpression(InputBounds.IncidentTypePattern)] string incidentType, IGrainFactory grains)
    {
        if (IncidentTypeProblem(incidentType) is { } typeProblem) return typeProblem;
        var outcome = await grains.Plan(organisationId, incidentType).Get();
        return outcome.Value is { } plan ? TypedResults.Ok(plan) : outcome.Refusal!.ToProblem();
    }

    // The path segment names a plan grain: checked by the incident type's own rule before any grain is addressed.
    private static ValidationProblem? IncidentTypeProblem(string incidentType) =>
        InputBounds.IsIncidentType(incidentType)
            ? null
            : Problems.Validation([new FieldError("incidentType", $"must be 1 to {InputBounds.IncidentTypeLength} letters, digits, '-' or '_'")]);
}

/// <param name="OfferTimeout">How long a team has to answer, as <c>hh:mm:ss</c>.</param>
public sealed record PlanRequest(
    [property: Required] PlanId? Id,
    [property: Required] [property: MaxLength(InputBounds.RequirementsPerPlan)] ImmutableArray<RequirementRequest>? Requirements,
    [property: Required] double? RadiusMeters,
    [property: Required] TimeSpan? OfferTimeout,
    [property: Required] double? OverOfferFactor,
    [property: MaxLength(4)] ImmutableArray<EscalationStepRequest>? Ladder,
    RestRequest? Rest = null);

/// <summary>How long teams rest after a task of this plan: <c>minimumMinutes</c> after any task, plus
/// <c>perHourWorkedMinutes</c> for each hour worked, at most <c>maximumMinutes</c> (docs/dispatch.md). Absent: the default rule.</summary>
public sealed record RestRequest(
    [property: Required] [property: Range(0, RestPolicy.LongestMinutes)] int? MinimumMinutes,
    [property: Required] [property: Range(0, RestPolicy.LongestMinutes)] int? PerHourWorkedMinutes,
    [property: Required] [property: Range(0, RestPolicy.LongestMinutes)] int? MaximumMinutes);

public sealed record RequirementRequest([property: Required] [property: MaxLength(InputBounds.RequirementKeyLength)] string? Key, [property: Required] [property: MaxLength(InputBounds.CapabilityLength)] string? Capability, [property: Required] int? Teams, [property: Required] int? MinimumMembers);

public sealed record EscalationStepRequest([property: Required] EscalationLevel? Level, double? RadiusFactor, double? RadiusMeters);

internal static class RequirementMapping
{
    public static ImmutableArray<RequirementSpec> ToSpecs(this ImmutableArray<RequirementRequest>? items, RequestErrors errors)
    {
        if (items is not { } list) return [];
        var specs = ImmutableArray.CreateBuilder<RequirementSpec>(list.Length);
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] is not { } r)
            {
                errors.Add($"requirements[{i}]", "is required");
                continue;
            }
            specs.Add(new RequirementSpec(
                errors.Required(r.Key, $"requirements[{i}].key"),
                errors.Required(r.Capability, $"requirements[{i}].capability"),
                errors.Required(r.Teams, $"requirements[{i}].teams"),
                errors.Required(r.MinimumMembers, $"requirements[{i}].minimumMembers")));
        }
        return specs.ToImmutable();
    }
}
