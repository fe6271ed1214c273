using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Organisations;

public static class OrganisationsApi
{
    // POST /api/organisations                  create a node of the four-level tree (city, district, street, community)
    // GET  /api/organisations/{id}             the node with its ancestors, children and teams
    // GET  /api/organisations/{id}/incidents   incidents opened here or beneath, newest first; drills only when asked
    public static IEndpointRouteBuilder MapOrganisationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization();
        var organisation = Target.Route<OrganisationId>("id");
        // Beneath the commander's own jurisdiction only; a city (no parent) is an administrator's to create.
        api.MapPost("/", CreateOrganisation).Allow(Commanders(Target.OptionalBody<CreateOrganisationRequest, OrganisationId>("parentId", r => r.ParentId)));
        api.MapGet("/{id}", GetOrganisation).Allow(Commanders(organisation), Observers(organisation));
        api.MapGet("/{id}/incidents", ListIncidents).Allow(Commanders(organisation), Observers(organisation));
        // GET /api/organisation-tree   the deployment's top organisations, oldest first: where an administrator's console opens
        app.MapGet("/api/organisation-tree", GetTree).WithTags("Organisations").RequireAuthorization().AllowAdministrators();
        return app;
    }

    public static async Task<Ok<OrganisationTree>> GetTree(IGrainFactory grains) =>
        TypedResults.Ok(new OrganisationTree([.. (await grains.GetGrain<IOrganisationRootsGrain>(IOrganisationRootsGrain.Key).Get())
            .Select(n => new OrganisationTreeNode(n.Id, n.Name, n.Level))]));

    public static async Task<Results<Created<OrganisationView>, ValidationProblem, ProblemHttpResult>> CreateOrganisation(
        CreateOrganisationRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var id = errors.Required(request.Id, "id");
        var name = errors.Required(request.Name, "name");
        var level = errors.Required(request.Level, "level");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcome = await grains.Organisation(id).Create(new OrganisationNode(id, name, level, request.ParentId, request.DistrictCode));
        return outcome.Value is { } view
            ? TypedResults.Created($"/api/organisations/{id}", view)
            : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<ImmutableArray<IncidentSummary>>, ValidationProblem, ProblemHttpResult>> ListIncidents(
        OrganisationId id, IGrainFactory grains, string? exercises = null, int? limit = null)
    {
        var errors = new RequestErrors();
        var filter = ExerciseFilter.Exclude;
        // By name only: Enum.TryParse also takes any number ("5"), which names no filter.
        if (exercises is not null && (!Enum.TryParse(exercises, ignoreCase: true, out filter) || !Enum.GetNames<ExerciseFilter>().Contains(exercises, StringComparer.OrdinalIgnoreCase)))
            errors.Add("exercises", "must be exclude, include or only");
        if (limit is < 1 or > OrganisationIncidents.Kept)
            errors.Add("limit", $"must be between 1 and {OrganisationIncidents.Kept}");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var organisation = await grains.Organisation(id).Get();
        if (organisation.Refusal is { } refusal) return refusal.ToProblem();
        var marks = (await grains.Organisation(id).GetIncidents())
            .Where(m => filter switch { ExerciseFilter.Only => m.Exercise, ExerciseFilter.Include => true, _ => !m.Exercise })
            .Take(limit ?? 50);
        var summaries = await Task.WhenAll(marks.Select(m => grains.Incident(m.Incident).GetSummary()));
        return TypedResults.Ok(summaries.Where(o => o.Value is not null).Select(o => o.Value!).ToImmutableArray());
    }

    public static async Task<Results<Ok<OrganisationView>, ProblemHttpResult>> GetOrganisation(OrganisationId id, IGrainFactory grains)
    {
        var outcome = await grains.Organisation(id).Get();
        return outcome.Value is { } view ? TypedResults.Ok(view) : outcome.Refusal!.ToProblem();
    }
}

/// <summary>Which incidents a list shows: real ones (the default), drills and exercises too, or only those.</summary>
public enum ExerciseFilter
{
    Exclude,
    Include,
    Only,
}

public sealed record CreateOrganisationRequest(
    [property: Required] OrganisationId? Id,
    [property: Required] [property: MaxLength(OrganisationNode.MaxNameLength)] string? Name,
    [property: Required] OrganisationLevel? Level,
    OrganisationId? ParentId,
    [property: RegularExpression("^[0-9]{6}$")] string? DistrictCode);

/// <summary>The top of the organisation tree; each node's children are read from <c>GET /api/organisations/{id}</c>.</summary>
public sealed record OrganisationTree(ImmutableArray<OrganisationTreeNode> Roots);

public sealed record OrganisationTreeNode(OrganisationId Id, string Name, OrganisationLevel Level);
