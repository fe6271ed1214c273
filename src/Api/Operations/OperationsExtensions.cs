using Microsoft.AspNetCore.Authentication.JwtBearer;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace Mobilize.Api.Operations;

/// <summary>What operators see of the running server: the Orleans dashboard under <c>/orleans</c> and the meters as a
/// Prometheus scrape at <c>/metrics</c>, both on the API's own port and both for administrators only.</summary>
public static class OperationsExtensions
{
    public const string DashboardPath = "/orleans";
    public const string MetricsPath = "/metrics";

    /// <summary>The meters exported (docs/operations.md says what each holds). <c>Mobilize.*</c> rather than each of the
    /// project's meters by name, so one added later (dispatch, realtime) is scraped without a change here.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "Microsoft.Orleans",
        "Mobilize.*",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "System.Runtime",
        "Npgsql",
    ];

    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter([.. Meters]).AddPrometheusExporter());
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, DashboardSession.ReadCookie);
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        var dashboard = app.MapOrleansDashboard(DashboardPath).AllowAdministratorsByPolicy().ExcludeFromDescription();
        dashboard.AddEndpointFilter(RefuseGrainState);
        // So that asking for anything under /orleans needs an administrator too, rather than telling anyone what is not there.
        dashboard.MapFallback("{**path}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not a dashboard page."));
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAdministratorsByPolicy();
        app.MapDashboardSessionApi();
        return app;
    }

    /// <summary>The dashboard would show any grain's state as stored: volunteers' phone and ID numbers unmasked, with no
    /// reason given and no audit entry, which only the audited <c>GET /api/volunteers/{id}?unmasked=true</c> may do.</summary>
    private static ValueTask<object?> RefuseGrainState(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern }
            && pattern.EndsWith("/GrainState", StringComparison.Ordinal)
            ? ValueTask.FromResult<object?>(TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.Forbidden,
                title: "Grain state holds personal data and is not shown here.",
                detail: "Read a volunteer through GET /api/volunteers/{id} (unmasked=true with a reason is audited)."))
            : next(context);
}
