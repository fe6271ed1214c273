using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Infrastructure;

/// <summary>Maps a grain's expected refusal onto HTTP: the refusal code becomes the problem type, so a client can
/// tell a taken phone number from an unknown team without parsing sentences.</summary>
public static class Refusals
{
    public static ProblemHttpResult ToProblem(this Refusal refusal)
    {
        if (refusal.Kind == RefusalKind.Invalid)
        {
            var errors = refusal.Errors.IsDefaultOrEmpty ? [new FieldError("request", refusal.Message)] : refusal.Errors;
            return TypedResults.Problem(new HttpValidationProblemDetails(
                errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Type = ProblemTypes.Validation,
                Title = "One or more fields are invalid.",
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
