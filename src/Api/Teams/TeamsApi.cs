using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Api.Organisations;
using Mobilize.Grains;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Teams;

public static class TeamsApi
{
    // POST   /api/teams                               create a team under its organisation, its leader the first member
    // GET    /api/teams?organisationId=…              the teams of an organisation and beneath it, a page at a time
    // GET    /api/teams/{id}                          members, status, capabilities, current assignment
    // POST   /api/teams/{id}/members                  add a volunteer whose record the caller holds; invite anyone else
    // DELETE /api/teams/{id}/members/{volunteerId}    remove a member, or the member leaves
    // POST   /api/teams/{id}/invitations/{volunteerId}/acceptance   the invited volunteer joins, by their own token
    // DELETE /api/teams/{id}/invitations/{volunteerId}  the volunteer declines, or the team withdraws the invitation
    // PUT    /api/teams/{id}/duty                     the team's own readiness, set by its leader
    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teams").WithTags("Teams").RequireAuthorization();
        var team = Target.Route<TeamId>("id");
        var member = Target.Route<VolunteerId>("volunteerId");
        // The leader joins with the team: the commander must already hold their record, as for any member added at once.
        api.MapPost("/", CreateTeam).Allow(Commanders(Target.Body<CreateTeamRequest, OrganisationId>("organisationId", r => r.OrganisationId))
            .And(Commanders(Target.Body<CreateTeamRequest, VolunteerId>("leaderId", r => r.LeaderId))));
        api.MapGet("/", ListTeams).Allow(Commanders(Target.Query<OrganisationId>("organisationId")),
            Observers(Target.Query<OrganisationId>("organisationId")));
        api.MapGet("/{id}", GetTeam).Allow(Members(team), Commanders(team), Observers(team));
        api.MapPost("/{id}/members", AddMember).Allow(Commanders(team));
        api.MapDelete("/{id}/members/{volunteerId}", RemoveMember).Allow(Self(member), Commanders(team));
        api.MapPost("/{id}/invitations/{volunteerId}/acceptance", AcceptInvitation).Allow(Self(member));
        api.MapDelete("/{id}/invitations/{volunteerId}", CloseInvitation).Allow(Self(member), Commanders(team));
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

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Teams of <paramref name="organisationId"/> and every organisation beneath it, in id order; the caller's
    /// jurisdiction must hold the organisation (access rules), so the list never leaves their scope.</summary>
    public static async Task<Results<Ok<TeamPage>, ValidationProblem, ProblemHttpResult>> ListTeams(
        IGrainFactory grains, OrganisationId? organisationId = null, int? offset = null, int? limit = null)
    {
        var errors = new RequestErrors();
        var root = errors.Required(organisationId, "organisationId");
        if (offset is < 0) errors.Add("offset", "must be 0 or more");
        if (limit is < 1 or > MaxPageSize) errors.Add("limit", $"must be between 1 and {MaxPageSize}");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var tree = await Jurisdiction.WalkAsync(grains, root);
        if (tree.Refusal is { } refusal) return refusal.ToProblem();
        var ordered = tree.Teams.Select(t => t.Team).OrderBy(t => t.Value, StringComparer.Ordinal).ToList();
        var from = offset ?? 0;
        var size = limit ?? DefaultPageSize;
        var page = await Task.WhenAll(ordered.Skip(from).Take(size).Select(t => grains.Team(t).Get()));
        return TypedResults.Ok(new TeamPage([.. page.Where(o => o.Value is not null).Select(o => o.Value!)], ordered.Count, from, size));
    }

    public static async Task<Results<Ok<TeamView>, ProblemHttpResult>> GetTeam(TeamId id, IGrainFactory grains)
    {
        var outcome = await grains.Team(id).Get();
        return outcome.Value is { } view ? TypedResults.Ok(view) : outcome.Refusal!.ToProblem();
    }

    /// <summary>200 with the volunteer a member, when the caller already holds their record (administrators; commanders
    /// over the organisation that registered them or one of their teams); otherwise 202 with them in <c>invited</c>,
    /// a member once they accept through their own token.</summary>
    public static async Task<Results<Ok<TeamView>, Accepted<TeamView>, ValidationProblem, ProblemHttpResult>> AddMember(
        TeamId id, AddMemberRequest request, ClaimsPrincipal user, AccessScopes scopes, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var volunteer = errors.Required(request.VolunteerId, "volunteerId");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var caller = Caller.From(user)!;
        var byHolder = caller.IsAdministrator || (caller is { Role: Roles.Commander, Organisation: { } jurisdiction }
            && await scopes.IsWithin(new Resource.Volunteer(volunteer), jurisdiction));
        var outcome = await grains.Team(id).AddMember(volunteer, byHolder);
        if (outcome.Value is not { } view) return outcome.Refusal!.ToProblem();
        return view.Members.Contains(volunteer) ? TypedResults.Ok(view) : TypedResults.Accepted((string?)null, view);
    }

    public static async Task<Results<Ok<TeamView>, ProblemHttpResult>> AcceptInvitation(TeamId id, VolunteerId volunteerId, IGrainFactory grains)
    {
        var outcome = await grains.Team(id).AcceptInvitation(volunteerId);
        return outcome.Value is { } view ? TypedResults.Ok(view) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> CloseInvitation(TeamId id, VolunteerId volunteerId, IGrainFactory grains) =>
        (await grains.Team(id).CloseInvitation(volunteerId)).Refusal is { } refusal ? refusal.ToProblem() : TypedResults.NoContent();

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

/// <summary>One page of a team list: <paramref name="Total"/> teams in all, these from <paramref name="Offset"/> on.</summary>
public sealed record TeamPage(ImmutableArray<TeamView> Items, int Total, int Offset, int Limit);
