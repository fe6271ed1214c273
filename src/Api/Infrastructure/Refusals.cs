using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Infrastructure;

/// <summary>Maps a grain's expected refusal onto HTTP: the refusal code becomes the problem type, so a client can
/// tell a taken phone number from an unknown team without parsing sentences.</summary>
public static class Refusals
{
    public static ProblemHttpResult ToProblem(this Refusal refusal)
    {
        if (refusal.Kind is RefusalKind.Invalid or RefusalKind.Unprocessable)
        {
            var errors = refusal.Errors.IsDefaultOrEmpty ? [new FieldError("request", refusal.Message)] : refusal.Errors;
            var invalid = refusal.Kind == RefusalKind.Invalid;
            return TypedResults.Problem(new HttpValidationProblemDetails(
                errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray()))
            {
                Status = invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
                Type = invalid ? ProblemTypes.Validation : TypeOf(refusal.Code),
                Title = invalid ? "One or more fields are invalid." : refusal.Message,
            });
        }
        var status = refusal.Kind switch
        {
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.Conflict => StatusCodes.Status409Conflict,
            RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return TypedResults.Problem(statusCode: status, type: TypeOf(refusal.Code), title: refusal.Message);
    }

    /// <summary>The problem type for a refusal code such as <c>volunteer.not-found</c>.</summary>
    public static string TypeOf(string code) => $"urn:mobilize:problem:{code}";
}
