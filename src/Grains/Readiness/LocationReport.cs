using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Readiness;

/// <summary>A position reported by a phone, with when it was taken and how precise the phone claims it is.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.readiness.location-report")]
public sealed record LocationReport(GeoPoint Point, DateTimeOffset ReportedAt, double AccuracyMeters)
{
    public const double MaxAccuracyMeters = 100_000;

    /// <summary>Every invalid field at once, named under <paramref name="prefix"/> (empty for top-level fields). A fix
    /// from beyond the clock skew ahead would win over every real report after it (phones' reports are ordered by when
    /// they were taken), and one from before any sane past is no position at all; both are refused, not ignored.</summary>
    public ImmutableArray<FieldError> Validate(DateTimeOffset now, string prefix = "")
    {
        var dot = prefix.Length == 0 ? "" : prefix + ".";
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        errors.AddRange(GeoPoint.Validate(Point.Latitude, Point.Longitude, "x").Select(e => e with { Field = dot + e.Field[2..] }));
        if (!(AccuracyMeters is >= 0 and <= MaxAccuracyMeters)) errors.Add(new(dot + "accuracyMeters", "must be between 0 and 100 km"));
        if (ReportedAt > now + InputBounds.ReportClockSkew)
            errors.Add(new(dot + "reportedAt", $"must not be more than {InputBounds.ReportClockSkew.TotalMinutes:0} minutes ahead of the server's clock"));
        else if (ReportedAt < now - InputBounds.ReportMaxDelay)
            errors.Add(new(dot + "reportedAt", $"must not be more than {InputBounds.ReportMaxDelay.TotalHours:0} hours in the past"));
        return errors.ToImmutable();
    }
}
