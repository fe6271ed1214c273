using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
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

/// <summary>Each caller's one budget, shared by their HTTP requests and their hub calls: a token bucket per caller
/// (the token's subject; the client address when anonymous). A hub connection is one HTTP request however many calls
/// it carries, so the hubs take a permit per call from the same bucket (<see cref="HubCallBudget"/>).</summary>
public sealed class CallerBudgets : IDisposable
{
    private const string Unlimited = "";

    private readonly PartitionedRateLimiter<string> _limiter;

    public CallerBudgets(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        // Refilled about ten times a second rather than once, so a caller at the limit is not held for a whole second.
        var perTick = Math.Max(1, limits.PermitsPerSecond / 10);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => key == Unlimited
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = perTick,
                ReplenishmentPeriod = TimeSpan.FromSeconds(perTick / (double)limits.PermitsPerSecond),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        Requests = _limiter.WithTranslatedKey<HttpContext>(
            context => (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
                && context.RequestServices.GetService<Demo.DemoCaller>()?.Is(context.User) != true
                ? KeyOf(context.User, context.Connection.RemoteIpAddress)
                : Unlimited,
            leaveOpen: true);
    }

    /// <summary>The limiter the rate-limiting middleware applies to every request (only /api and /hubs are limited).</summary>
    public PartitionedRateLimiter<HttpContext> Requests { get; }

    public RateLimitLease AcquireCall(ClaimsPrincipal? user, IPAddress? address) => _limiter.AttemptAcquire(KeyOf(user, address));

    // The token's subject, not the connection: one person on several phones shares a budget, a gateway has its own.
    private static string KeyOf(ClaimsPrincipal? user, IPAddress? address) =>
        user?.FindFirst(Claims.Subject)?.Value is { Length: > 0 } subject ? "sub:" + subject : "ip:" + address;

    public void Dispose()
    {
        Requests.Dispose();
        _limiter.Dispose();
    }
}

/// <summary>Every hub method call, on every hub, spends a permit from the caller's budget; over it the call is refused
/// with a <see cref="HubException"/> naming the problem type and the wait, and nothing runs.</summary>
public sealed class HubCallBudget(CallerBudgets budgets) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var lease = budgets.AcquireCall(invocation.Context.User, invocation.Context.GetHttpContext()?.Connection.RemoteIpAddress);
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            throw new HubException($"{ProblemTypes.TooManyRequests}: too many calls; try again in {RateLimiting.Seconds(wait)} s.");
        }
        return await next(invocation);
    }
}

public static class RateLimiting
{
    public static void Configure(RateLimiterOptions options)
    {
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var context = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = Seconds(retryAfter);
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

    /// <summary>The requests' limiter is the callers' budgets, which the hubs share.</summary>
    public static void UseBudgets(RateLimiterOptions options, CallerBudgets budgets) => options.GlobalLimiter = budgets.Requests;

    internal static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
