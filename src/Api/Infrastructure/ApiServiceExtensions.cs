using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure.Idempotency;
using Mobilize.Grains.Shared;
using Mobilize.Silo.Hosting;

namespace Mobilize.Api.Infrastructure;

public static class ApiServiceExtensions
{
    /// <summary>The HTTP edge: JSON conventions, problem details for every error, idempotent retries, OpenAPI, access.</summary>
    public static IHostApplicationBuilder AddMobilizeApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Every provider is in place by now (the host's, and the Orleans dashboard's log stream, added with the silo or
        // client before this); from here on each of them gets redacted lines.
        builder.Logging.AddLogRedaction();
        services.ConfigureHttpJsonOptions(o => Configure(o));
        // A body that does not bind must reach the exception handler, which names the field; the default is a bare 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= $"{c.HttpContext.Request.Method} {c.HttpContext.Request.Path}";
            c.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? c.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddSingleton<KeyedLock>();
        services.AddOpenApi(o => o.AddSchemaTransformer<TypedIdSchemaTransformer>().AddSchemaTransformer<RequestSchemaTransformer>()
            .AddDocumentTransformer<RequestSchemaTransformer>());
        // Liveness must answer while start-up recovery still runs; the readiness gate holds API calls until it is done.
        services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.AddKestrelLimits();
        builder.AddMobilizeAccess();
        return builder;
    }

    public static JsonOptions Configure(JsonOptions options)
    {
        var json = options.SerializerOptions;
        json.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        json.Converters.Add(new TypedIdJsonConverterFactory());
        json.RespectNullableAnnotations = true;
        // A field the request does not have is refused, not dropped: a misspelt optional field ("etaMinute") would
        // otherwise be answered 200 as if it had been left out.
        json.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        return options;
    }

    /// <summary>The middleware in order: security headers on every answer, then errors, then who the caller is, then readiness, then idempotency right around the endpoints.</summary>
    public static WebApplication UseMobilizeApi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestShape>();
        app.UseMobilizeAccess();
        app.UseMiddleware<SiloReadinessGate>();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}
