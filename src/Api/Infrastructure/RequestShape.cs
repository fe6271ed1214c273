using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Mobilize.Api.Infrastructure;

/// <summary>Refuses, before anything reads it, a request whose envelope no endpoint could take: a body in a charset
/// other than UTF-8 (JSON is UTF-8, RFC 8259 §8.1; an unknown charset used to throw inside the body reader and answer
/// 500), a path holding control characters (<c>%00</c>), a target longer than any route. Each gets a problem document
/// like every other refusal, where the server itself used to answer with an empty body.</summary>
public sealed class RequestShape(RequestDelegate next, IProblemDetailsService problems)
{
    /// <summary>Longer than any route with its query (ids are at most 64 characters); Kestrel's own line limit sits
    /// above it (see <see cref="KestrelLimits"/>) so that this refusal, with its problem document, is the one clients see.</summary>
    public const int MaxTargetLength = 4096;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (target > MaxTargetLength)
            return Refuse(context, StatusCodes.Status414UriTooLong, ProblemTypes.TooLarge, $"The address is longer than {MaxTargetLength} characters.");
        if (request.Path.Value is { } path && path.Any(char.IsControl))
            return Refuse(context, Invalid("path", "must not contain control characters"));
        if (request.ContentType is { Length: > 0 } contentType && !IsUtf8(contentType))
            return Refuse(context, StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                "Send the body as application/json in UTF-8 (no other charset).");
        return next(context);
    }

    private static bool IsUtf8(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        if (media.Charset is not { Length: > 0 } charset) return true;
        var name = charset.Value!.Trim('"');
        return name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    private Task Refuse(HttpContext context, int status, string type, string title) =>
        Refuse(context, new ProblemDetails { Status = status, Type = type, Title = title });

    private async Task Refuse(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static HttpValidationProblemDetails Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.Validation,
            Title = "One or more fields are invalid.",
        };
}

/// <summary>Kestrel refuses what breaks its own limits before the application runs, with an empty body; its limits are
/// set above the application's so that the application's refusal, which carries a problem document, comes first.</summary>
public static class KestrelLimits
{
    public static IHostApplicationBuilder AddKestrelLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            // Sixteen times the longest target the application takes: longer still is refused by Kestrel, bodiless.
            kestrel.Limits.MaxRequestLineSize = 16 * RequestShape.MaxTargetLength;
        });
        return builder;
    }
}
