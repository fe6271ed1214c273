using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>Where and when the incident is, and the search limits of the current escalation step.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.incident-context")]
public sealed record IncidentContext(GeoPoint Place, DateTimeOffset Time, double RadiusMeters, TimeSpan MaxLocationAge);
