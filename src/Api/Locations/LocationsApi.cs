using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Api.Volunteers;
using Mobilize.Grains;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Locations;

public static class LocationsApi
{
    public const int MaxBatchSize = 10_000;

    // POST /api/locations:batch   many volunteers' position fixes at once (a gateway relaying phones)
    public static IEndpointRouteBuilder MapLocationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Locations").RequireAuthorization();
        // Administrators (a gateway relaying phones), or a volunteer sending only their own fixes.
        api.MapPost("/locations:batch", ReportLocations)
            .Allow(Self(Target.BodyMany<LocationBatchRequest, VolunteerId>("reports[].volunteerId",
                r => r.Reports is { } reports ? reports.Select(x => x?.VolunteerId) : [])));
        return app;
    }

    /// <summary>The whole batch is checked first and refused as one if any report is malformed, so nothing half
    /// applies; a well-formed report for an unknown volunteer is refused alone and listed in the answer.</summary>
    public static async Task<Results<Ok<LocationBatchResult>, ValidationProblem>> ReportLocations(
        LocationBatchRequest request, IGrainFactory grains, TimeProvider time)
    {
        var errors = new RequestErrors();
        var items = errors.Required(request.Reports, "reports");
        if (!items.IsDefault && items.Length > MaxBatchSize) errors.Add("reports", $"at most {MaxBatchSize} reports per batch");
        var now = time.GetUtcNow();
        var reports = new (VolunteerId Volunteer, LocationReport Report)[items.IsDefault ? 0 : items.Length];
        for (var i = 0; i < reports.Length; i++)
        {
            if (items[i] is not { } item)
            {
                errors.Add($"reports[{i}]", "is required");
                continue;
            }
            var volunteer = errors.Required(item.VolunteerId, $"reports[{i}].volunteerId");
            reports[i] = (volunteer, new LocationRequest(item.Latitude, item.Longitude, item.AccuracyMeters, item.ReportedAt).ToReport(errors, $"reports[{i}]", now));
        }
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcomes = await Task.WhenAll(reports.Select(r => grains.Volunteer(r.Volunteer).ReportLocation(r.Report)));
        var refused = outcomes
            .Select((outcome, index) => (outcome.Refusal, index))
            .Where(x => x.Refusal is not null)
            .Select(x => new RefusedReport(x.index, reports[x.index].Volunteer, Refusals.TypeOf(x.Refusal!.Code), x.Refusal.Message,
                [.. x.Refusal.Errors.Select(e => e with { Field = $"reports[{x.index}].{e.Field}" })]))
            .ToImmutableArray();
        return TypedResults.Ok(new LocationBatchResult(reports.Length - refused.Length, refused));
    }
}

public sealed record LocationBatchRequest([property: Required] [property: MaxLength(LocationsApi.MaxBatchSize)] ImmutableArray<BatchLocationRequest>? Reports);

public sealed record BatchLocationRequest([property: Required] VolunteerId? VolunteerId, [property: Required] double? Latitude, [property: Required] double? Longitude, [property: Required] double? AccuracyMeters, DateTimeOffset? ReportedAt);

public sealed record LocationBatchResult(int Accepted, ImmutableArray<RefusedReport> Refused);

/// <param name="Type">The problem type the same report would get on its own.</param>
public sealed record RefusedReport(int Index, VolunteerId VolunteerId, string Type, string Title, ImmutableArray<FieldError> Errors);
