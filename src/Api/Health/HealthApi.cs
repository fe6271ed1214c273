using System.Collections.Immutable;
using Orleans;
using Orleans.Runtime;
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
    // GET /health/cluster the silos this node serves from, as Orleans' membership sees them (administrators: it names hosts)
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", Live).AllowAnyone();
        health.MapGet("/ready", Ready).AllowAnyone();
        health.MapGet("/clock", Clock).AllowAnyone();
        // Outside the anonymous group, so a caller without a token is asked for one (401) rather than refused.
        app.MapGet("/health/cluster", Cluster).WithTags("Health").AllowAdministrators();
        return app;
    }

    public static Ok<HealthReport> Live() => TypedResults.Ok(new HealthReport("live"));

    public static Results<Ok<HealthReport>, ProblemHttpResult> Ready(SiloReadiness silo) =>
        silo.IsStarted ? TypedResults.Ok(new HealthReport("ready")) : NotReady(silo);

    public static Ok<ClockReport> Clock(TimeProvider time, DrillClock clock) =>
        TypedResults.Ok(new ClockReport(time.GetUtcNow(), clock.Rate, clock.IsAccelerated));

    public static async Task<Results<Ok<ClusterReport>, ProblemHttpResult>> Cluster(
        IGrainFactory grains, SiloReadiness silo, IConfiguration configuration, CancellationToken cancellation)
    {
        if (!silo.IsStarted) return NotReady(silo);
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false).WaitAsync(cancellation);
        var silos = hosts.OrderBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new ClusterSilo(h.SiloAddress.ToString(), h.SiloName, h.HostName, h.Status.ToString(), h.StartTime))
            .ToImmutableArray();
        var mode = configuration.IsRemoteSilo() ? "remote" : "co-hosted";
        return TypedResults.Ok(new ClusterReport(mode, silos.Count(s => s.Status == nameof(SiloStatus.Active)), silos));
    }

    private static ProblemHttpResult NotReady(SiloReadiness silo) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.NotReady,
            title: silo.IsStopping ? "The silo is stopping." : "The silo is starting.");
}

public sealed record HealthReport(string Status);

/// <param name="Mode">"co-hosted": this process is the silo; "remote": this node is a client of the cluster's silos.</param>
public sealed record ClusterReport(string Mode, int Active, ImmutableArray<ClusterSilo> Silos);

/// <param name="Status">Orleans' word for it: Joining, Active, ShuttingDown, Stopping, Dead.</param>
public sealed record ClusterSilo(string Address, string Name, string HostName, string Status, DateTime StartedAt);

/// <param name="ExercisesOnly">The clock runs faster than the wall clock, so only exercise incidents can be opened.</param>
public sealed record ClockReport(DateTimeOffset Now, double Rate, bool ExercisesOnly);
