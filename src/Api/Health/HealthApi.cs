using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Silo.Hosting;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains.Exercises;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Health;

public static class HealthApi
{
    // GET /health/live    the process is up and serving HTTP
    // GET /health/ready   the silo has opened storage and finished start-up recovery
    // GET /health/clock   the server's time and how fast its clock runs (a drill server may run it faster)
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", Live).AllowAnyone();
        health.MapGet("/ready", Ready).AllowAnyone();
        health.MapGet("/clock", Clock).AllowAnyone();
        return app;
    }

    public static Ok<HealthReport> Live() => TypedResults.Ok(new HealthReport("live"));

    public static Results<Ok<HealthReport>, ProblemHttpResult> Ready(SiloReadiness silo) =>
        silo.IsStarted
            ? TypedResults.Ok(new HealthReport("ready"))
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.NotReady,
                title: silo.IsStopping ? "The silo is stopping." : "The silo is starting.");

    public static Ok<ClockReport> Clock(TimeProvider time, DrillClock clock) =>
        TypedResults.Ok(new ClockReport(time.GetUtcNow(), clock.Rate, clock.IsAccelerated));
}

public sealed record HealthReport(string Status);

/// <param name="ExercisesOnly">The clock runs faster than the wall clock, so only exercise incidents can be opened.</param>
public sealed record ClockReport(DateTimeOffset Now, double Rate, bool ExercisesOnly);
