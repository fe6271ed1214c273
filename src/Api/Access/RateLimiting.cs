using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Mobilize.Api.Infrastructure;

namespace Mobilize.Api.Access;

/// <summary>Requests per second each caller may make to /api and /hubs, as a token bucket.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Sustained requests per second per caller (per token subject; per IP address when anonymous).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue)]
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>How many requests a caller may make at once after a quiet spell.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue)]
    public int Burst { get; set; } = 200;
}

public static class RateLimiting
{
    public static void Configure(RateLimiterOptions options)
    {
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/hubs")) return RateLimitPartition.GetNoLimiter("");
            if (context.RequestServices.GetService<Demo.DemoCaller>()?.Is(context.User) == true) return RateLimitPartition.GetNoLimiter("demo");
            var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            // Refilled about ten times a second rather than once, so a caller at the limit is not held for a whole second.
            var perTick = Math.Max(1, limits.PermitsPerSecond / 10);
            return RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = perTick,
                ReplenishmentPeriod = TimeSpan.FromSeconds(perTick / (double)limits.PermitsPerSecond),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var context = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Type = ProblemTypes.TooManyRequests,
                    Title = "Too many requests; try again after the time in Retry-After.",
                },
            });
        };
    }

    // The token's subject, not the connection: one person on several phones shares a budget, a gateway has its own.
    private static string PartitionKey(HttpContext context) =>
        context.User.FindFirst(Claims.Subject)?.Value is { Length: > 0 } subject
            ? "sub:" + subject
            : "ip:" + context.Connection.RemoteIpAddress;
}
