using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Actors;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Alerts;

public static class AlertsApi
{
    // POST /api/teams/{teamId}/alerts   a standby alert (待命通知) to every member's phone:
    //                                   administrators, commanders of the team's jurisdiction, the team's own leader
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teams/{teamId}/alerts").WithTags("Alerts").RequireAuthorization();
        api.MapPost("/", AlertTeam);
        return app;
    }

    public static async Task<Results<Ok<AlertReceipt>, ValidationProblem, ProblemHttpResult>> AlertTeam(
        TeamId teamId, AlertRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await Refusal(Caller.From(user), teamId, grains) is { } refusal) return refusal.ToProblem();
        var errors = new RequestErrors();
        var message = errors.Required(request.Message, "message");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcome = await grains.Team(teamId).Alert(new StandbyAlert(message, request.Level ?? AlertLevel.Blue));
        return outcome.Value is { } receipt ? TypedResults.Ok(receipt) : outcome.Refusal!.ToProblem();
    }

    /// <summary>Who may put a team on standby: an administrator, a commander whose jurisdiction holds the team, the
    /// team's own leader. Volunteers and observers may not.</summary>
    private static async Task<Refusal?> Refusal(Caller? caller, TeamId team, IGrainFactory grains)
    {
        switch (caller)
        {
            case { IsAdministrator: true }:
                return null;
            case { Role: Roles.TeamLeader, Team: { } led } when led == team:
                return null;
            case { Role: Roles.Commander, Organisation: { } jurisdiction }:
                var view = await grains.Team(team).Get();
                if (view.Value is not { } found) return view.Refusal;
                return await grains.Organisation(found.Organisation).IsWithin(jurisdiction) ? null : NotYours(team);
            default:
                return NotYours(team);
        }
    }

    private static Refusal NotYours(TeamId team) =>
        Grains.Shared.Refusal.Forbidden("alert.not-your-team", $"Only an administrator, a commander of its jurisdiction or its leader can alert team {team}.");
}

/// <param name="Level">Blue unless given.</param>
public sealed record AlertRequest(string? Message, AlertLevel? Level);
