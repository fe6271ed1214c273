using Microsoft.AspNetCore.Mvc;
using Mobilize.Silo.Hosting;

namespace Mobilize.Api.Infrastructure;

/// <summary>Until storage is open and recovery has run, a grain call could read nothing or fail; answering 503
/// with Retry-After tells a client to come back instead of showing it a wrong empty answer.</summary>
public sealed class SiloReadinessGate(RequestDelegate next, SiloReadiness silo, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (silo.IsStarted || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemTypes.NotReady,
                Title = silo.IsStopping ? "The server is shutting down." : "The server is starting; try again shortly.",
            },
        });
    }
}
