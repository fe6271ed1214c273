using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Teams;

public static class TeamsApi
{
    // POST   /api/teams                               create a team under its organisation, its leader the first member
    // GET    /api/teams/{id}                          members, status, capabilities, current assignment
    // POST   /api/teams/{id}/members                  add a registered volunteer
    // DELETE /api/teams/{id}/members/{volunteerId}    remove a member
    // PUT    /api/teams/{id}/duty                     the team's own readiness, set by its leader
    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teams").WithTags("Teams").RequireAuthorization();
        var team = Target.Route<TeamId>("id");
        api.MapPost("/", CreateTeam).Allow(Commanders(Target.Body<CreateTeamRequest, OrganisationId>("organisationId", r => r.OrganisationId)));
        api.MapGet("/{id}", GetTeam).Allow(Members(team), Commanders(team), Observers(team));
        api.MapPost("/{id}/members", AddMember).Allow(Commanders(team));
        api.MapDelete("/{id}/members/{volunteerId}", RemoveMember).Allow(Commanders(team));
        api.MapPut("/{id}/duty", SetTeamDuty).Allow(Leader(team), Commanders(team));
        return app;
    }

    public static async Task<Results<Created<TeamView>, ValidationProblem, ProblemHttpResult>> CreateTeam(
        CreateTeamRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var id = errors.Required(request.Id, "id");
        var registration = new TeamRegistration(
            errors.Required(request.Name, "name"),
            errors.Required(request.OrganisationId, "organisationId"),
            errors.Required(request.LeaderId, "leaderId"),
            errors.RequiredPoint(request.BaseLocation, "baseLocation"),
            errors.Required(request.MinimumMembersToMuster, "minimumMembersToMuster"));
        errors.AlsoDomain(registration.Validate);
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcome = await grains.Team(id).Create(registration);
        return outcome.Value is { } view ? TypedResults.Created($"/api/teams/{id}", view) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<TeamView>, ProblemHttpResult>> GetTeam(TeamId id, IGrainFactory grains)
    {
        var outcome = await grains.Team(id).Get();
        return outcome.Value is { } view ? TypedResults.Ok(view) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> AddMember(
        TeamId id, AddMemberRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var volunteer = errors.Required(request.VolunteerId, "volunteerId");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await grains.Team(id).AddMember(volunteer);
        return outcome.Value is { } view ? TypedResults.Ok(view) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<TeamView>, ProblemHttpResult>> RemoveMember(TeamId id, VolunteerId volunteerId, IGrainFactory grains)
    {
        var outcome = await grains.Team(id).RemoveMember(volunteerId);
        return outcome.Value is { } view ? TypedResults.Ok(view) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> SetTeamDuty(
        TeamId id, TeamDutyRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var status = errors.Required(request.Status, "status");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await grains.Team(id).SetDuty(new DutyChange(status, request.OnCallUntil));
        return outcome.Value is { } view ? TypedResults.Ok(view) : outcome.Refusal!.ToProblem();
    }
}

public sealed record CreateTeamRequest(
    [property: Required] TeamId? Id,
    [property: Required] [property: MaxLength(TeamRegistration.MaxNameLength)] string? Name,
    [property: Required] OrganisationId? OrganisationId,
    [property: Required] VolunteerId? LeaderId,
    [property: Required] PointRequest? BaseLocation,
    [property: Required] int? MinimumMembersToMuster);

public sealed record AddMemberRequest([property: Required] VolunteerId? VolunteerId);

public sealed record TeamDutyRequest([property: Required] DutyStatus? Status, DateTimeOffset? OnCallUntil);
