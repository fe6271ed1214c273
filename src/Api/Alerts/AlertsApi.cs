using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Alerts;

public static class AlertsApi
{
    // POST /api/teams/{teamId}/alerts   a standby alert (待命通知) to every member's phone
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teams/{teamId}/alerts").WithTags("Alerts").RequireAuthorization();
        var team = Target.Route<TeamId>("teamId");
        // Command centres put the teams of their jurisdiction on standby; a leader, their own team.
        api.MapPost("/", AlertTeam).Allow(Leader(team), Commanders(team));
        return app;
    }

    public static async Task<Results<Ok<AlertReceipt>, ValidationProblem, ProblemHttpResult>> AlertTeam(
        TeamId teamId, AlertRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var message = errors.Required(request.Message, "message");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcome = await grains.Team(teamId).Alert(new StandbyAlert(message, request.Level ?? AlertLevel.Blue));
        return outcome.Value is { } receipt ? TypedResults.Ok(receipt) : outcome.Refusal!.ToProblem();
    }
}

/// <param name="Level">Blue unless given.</param>
public sealed record AlertRequest([property: Required] [property: MaxLength(StandbyAlert.MaxMessageLength)] string? Message, AlertLevel? Level);
