using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Readiness;

/// <summary>A position reported by a phone, with when it was taken and how precise the phone claims it is.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.readiness.location-report")]
public sealed record LocationReport(GeoPoint Point, DateTimeOffset ReportedAt, double AccuracyMeters);
