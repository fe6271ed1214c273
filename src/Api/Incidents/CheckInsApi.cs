using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Actors;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Incidents;

public static class CheckInsApi
{
    // POST /api/incidents/{incidentId}/check-ins    a deployed member arrives (签到)
    // POST /api/incidents/{incidentId}/check-outs   and leaves (签退); the pair gives service hours
    public static IEndpointRouteBuilder MapCheckInsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents/{incidentId}").WithTags("Check-ins").RequireAuthorization();
        api.MapPost("/check-ins", CheckIn);
        api.MapPost("/check-outs", CheckOut);
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
public sealed record CheckInRequest(VolunteerId? VolunteerId, TeamId? TeamId);
