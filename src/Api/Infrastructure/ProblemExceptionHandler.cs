using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Mobilize.Api.Infrastructure;

/// <summary>Last line of the edge: what a client sent wrong becomes a 4xx naming the field; anything else a
/// 500 that says nothing about the inside but carries the trace id to find it in the logs.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            JsonException json => FromJson(json),
            _ when TransientFailures.Includes(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemTypes.Unavailable,
                Title = "The service is busy; try again.",
            },
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Type = ProblemTypes.Unexpected,
                Title = "An unexpected error occurred.",
            };
        }
        else
        {
            logger.LogDebug(exception, "Request refused with {Status}", problem.Status);
        }
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = "1";
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return new ProblemDetails { Status = bad.StatusCode, Type = ProblemTypes.UnsupportedMediaType, Title = "Send the body as application/json." };
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return new ProblemDetails { Status = bad.StatusCode, Type = ProblemTypes.TooLarge, Title = "The request body is too large." };
        if (bad.InnerException is JsonException json)
            return FromJson(json);
        if (bad.Message.Contains("was not provided from body", StringComparison.Ordinal)
            || bad.Message.Contains("Implicit body inferred", StringComparison.Ordinal))
            return Invalid("body", "a JSON body is required");
        if (BindFailure().Match(bad.Message) is { Success: true } bind)
            return Invalid(bind.Groups["name"].Value, "is not a valid value");
        if (MissingParameter().Match(bad.Message) is { Success: true } missing)
            return Invalid(missing.Groups["name"].Value, "is required");
        return Invalid("request", "could not be read");
    }

    /// <summary>System.Text.Json names what it refuses only in its message: a field the type does not have (refused, so a
    /// misspelt optional field is not silently ignored), or fields that must be present even when null.</summary>
    private static HttpValidationProblemDetails FromJson(JsonException json)
    {
        var at = JsonPaths.ToField(json.Path);
        var prefix = at == "body" ? "" : at + ".";
        if (MissingProperties().Match(json.Message) is { Success: true } missing)
            return Invalid(missing.Groups["names"].Value.Split(", ").Select(n => prefix + n.Trim('\'')), "is required (send null to clear it)");
        if (UnmappedProperty().Match(json.Message) is { Success: true } unmapped)
            return Invalid(at.EndsWith(unmapped.Groups["name"].Value, StringComparison.Ordinal) ? at : prefix + unmapped.Groups["name"].Value,
                "is not a field of this request");
        return Invalid(at, "is malformed or has the wrong type");
    }

    private static HttpValidationProblemDetails Invalid(IEnumerable<string> fields, string message) =>
        new(fields.Distinct().ToDictionary(f => f, _ => new[] { message }))
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.Validation,
            Title = "One or more fields are invalid.",
        };

    private static HttpValidationProblemDetails Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.Validation,
            Title = "One or more fields are invalid.",
        };

    // ASP.NET Core's own wording for route and query binding failures; the parameter name is the field.
    [GeneratedRegex("""^Failed to bind parameter "\S+ (?<name>[^"]+)" from""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""was missing required properties including: (?<names>'[^']+'(, '[^']+')*)""")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("""The JSON property '(?<name>[^']+)' could not be mapped""")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("""^Required parameter "\S+ (?<name>[^"]+)" was not provided""")]
    private static partial Regex MissingParameter();
}
