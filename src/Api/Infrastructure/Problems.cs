using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Infrastructure;

/// <summary>The validation problem handlers return for a request that is missing fields, in the same shape as the domain's.</summary>
public static class Problems
{
    public static ValidationProblem Validation(IEnumerable<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray()),
            title: "One or more fields are invalid.",
            type: ProblemTypes.Validation);
}
