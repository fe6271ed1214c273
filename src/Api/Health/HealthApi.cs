using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Actors.Hosting;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Health;

public static class HealthApi
{
    // GET /health/live    the process is up and serving HTTP
    // GET /health/ready   the silo has opened storage and finished start-up recovery
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", Live).AllowAnyone();
        health.MapGet("/ready", Ready).AllowAnyone();
        return app;
    }

    public static Ok<HealthReport> Live() => TypedResults.Ok(new HealthReport("live"));

    public static Results<Ok<HealthReport>, ProblemHttpResult> Ready(SiloStatus silo) =>
        silo.IsStarted
            ? TypedResults.Ok(new HealthReport("ready"))
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.NotReady,
                title: silo.IsStopping ? "The silo is stopping." : "The silo is starting.");
}

public sealed record HealthReport(string Status);
