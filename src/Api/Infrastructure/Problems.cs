using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Infrastructure;

/// <summary>The few problem shapes handlers return, so the same refusal reads the same on every route.</summary>
public static class Problems
{
    public static ValidationProblem Validation(IEnumerable<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray()),
            title: "One or more fields are invalid.",
            type: ProblemTypes.Validation);

    public static ValidationProblem Validation(string field, string message) => Validation([new FieldError(field, message)]);

    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound,
            title: $"No such {what}.", detail: $"There is no {what} '{id}'.");

    public static ProblemHttpResult Duplicate(string what, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Duplicate,
            title: $"This {what} already exists.", detail: detail);

    public static ProblemHttpResult Conflict(string title, string detail, string type = ProblemTypes.Conflict) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: type, title: title, detail: detail);

    /// <summary>A well-formed request the domain refuses (an expired certification, a withdrawn offer): 422 with
    /// the domain's reason code as the problem type, so clients can switch on it.</summary>
    public static ProblemHttpResult Refused(string reason, string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: $"{ProblemTypes.Refused}:{reason}",
            title: title, detail: detail);
}
