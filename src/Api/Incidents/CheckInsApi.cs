using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Incidents;

public static class CheckInsApi
{
    // POST /api/incidents/{incidentId}/check-ins    a deployed member arrives (签到)
    // POST /api/incidents/{incidentId}/check-outs   and leaves (签退); the pair gives service hours
    public static IEndpointRouteBuilder MapCheckInsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents/{incidentId}").WithTags("Check-ins").RequireAuthorization();
        // The volunteer themself, their team's leader, or a commander of the incident's jurisdiction.
        Rule[] who = [Self(CheckInTargets.Volunteer), Leader(CheckInTargets.Team), Commanders(Target.Route<IncidentId>("incidentId"))];
        api.MapPost("/check-ins", CheckIn).Allow(who);
        api.MapPost("/check-outs", CheckOut).Allow(who);
        return app;
    }

    public static Task<Results<Ok<ServiceEntry>, ValidationProblem, ProblemHttpResult>> CheckIn(
        IncidentId incidentId, CheckInRequest request, IGrainFactory grains) =>
        Record(request, (team, volunteer) => grains.Team(team).CheckIn(incidentId, volunteer));

    public static Task<Results<Ok<ServiceEntry>, ValidationProblem, ProblemHttpResult>> CheckOut(
        IncidentId incidentId, CheckInRequest request, IGrainFactory grains) =>
        Record(request, (team, volunteer) => grains.Team(team).CheckOut(incidentId, volunteer));

    private static async Task<Results<Ok<ServiceEntry>, ValidationProblem, ProblemHttpResult>> Record(
        CheckInRequest request, Func<TeamId, VolunteerId, Task<Outcome<ServiceEntry>>> call)
    {
        var errors = new RequestErrors();
        var volunteer = errors.Required(request.VolunteerId, "volunteerId");
        var team = errors.Required(request.TeamId, "teamId");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await call(team, volunteer);
        return outcome.Value is { } entry ? TypedResults.Ok(entry) : outcome.Refusal!.ToProblem();
    }
}

/// <param name="TeamId">The team the volunteer was deployed with.</param>
public sealed record CheckInRequest([property: Required] VolunteerId? VolunteerId, [property: Required] TeamId? TeamId);

file static class CheckInTargets
{
    public static readonly Target Volunteer = Target.Body<CheckInRequest, VolunteerId>("volunteerId", r => r.VolunteerId);
    public static readonly Target Team = Target.Body<CheckInRequest, TeamId>("teamId", r => r.TeamId);
}
