using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Actors;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Organisations;

public static class OrganisationsApi
{
    // POST /api/organisations        create a node of the four-level tree (city, district, street, community)
    // GET  /api/organisations/{id}   the node with its ancestors, children and teams
    public static IEndpointRouteBuilder MapOrganisationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisations").WithTags("Organisations");
        api.MapPost("/", CreateOrganisation);
        api.MapGet("/{id}", GetOrganisation);
        return app;
    }

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

    public static async Task<Results<Ok<OrganisationView>, ProblemHttpResult>> GetOrganisation(OrganisationId id, IGrainFactory grains)
    {
        var outcome = await grains.Organisation(id).Get();
        return outcome.Value is { } view ? TypedResults.Ok(view) : outcome.Refusal!.ToProblem();
    }
}

public sealed record CreateOrganisationRequest(
    OrganisationId? Id,
    string? Name,
    OrganisationLevel? Level,
    OrganisationId? ParentId,
    string? DistrictCode);
