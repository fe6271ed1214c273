using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Records;

[GenerateSerializer, Alias("mobilize.records.service-entry-kind")]
public enum ServiceEntryKind
{
    CheckIn = 0,
    CheckOut = 1,
}

/// <summary>One line of a volunteer's append-only service ledger (服务记录): an arrival or a departure at a task.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.records.service-entry")]
public sealed record ServiceEntry(IncidentId Incident, TeamId Team, ServiceEntryKind Kind, DateTimeOffset At, bool Exercise);

/// <summary>One check-in paired with its check-out; <see cref="Duration"/> is zero while still on site.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.records.service-session")]
public sealed record ServiceSession(IncidentId Incident, TeamId Team, DateTimeOffset CheckedIn, DateTimeOffset? CheckedOut, bool Exercise)
{
    public TimeSpan Duration => CheckedOut is { } end ? end - CheckedIn : TimeSpan.Zero;
}

/// <summary>A volunteer's service record: completed hours (drills counted apart), and every session.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.records.service-summary")]
public sealed record ServiceSummary(
    VolunteerId Volunteer,
    TimeSpan ServiceTime,
    TimeSpan ExerciseTime,
    int Tasks,
    ImmutableArray<ServiceSession> Sessions,
    ImmutableArray<ServiceEntry> Ledger)
{
    public double ServiceHours => Math.Round(ServiceTime.TotalHours, 2);
}
