using System.Collections.Immutable;

namespace Mobilize.Drills.Scenarios;

/// <summary>A drill: who takes part, which plans apply, how phones behave and the timeline of injects. Read from JSON
/// by <see cref="ScenarioReader"/>; the format is documented in docs/drills.md.</summary>
public sealed record Scenario(
    string Name,
    string City,
    int Teams,
    int MembersPerTeam,
    TimeSpan Duration,
    ImmutableArray<ScenarioPlan> Plans,
    PhoneBehaviour Phones,
    ImmutableArray<Inject> Injects);

/// <param name="Rest">The plan's rest rule (PUT plan's <c>rest</c>); null leaves the server's default.</param>
/// <param name="StandDownAfter">A trainer's stand-down of each incident of this type, so long after it opened; null
/// leaves them open until the drill ends.</param>
public sealed record ScenarioPlan(
    string IncidentType,
    ImmutableArray<ScenarioRequirement> Requirements,
    double RadiusMeters,
    TimeSpan OfferTimeout,
    double OverOfferFactor,
    ScenarioRest? Rest = null,
    TimeSpan? StandDownAfter = null);

/// <summary>Minutes of rest after a task: at least <paramref name="MinimumMinutes"/>, plus <paramref name="PerHourWorkedMinutes"/>
/// per hour worked, at most <paramref name="MaximumMinutes"/> (the server applies it; docs/dispatch.md).</summary>
public sealed record ScenarioRest(int MinimumMinutes, int PerHourWorkedMinutes, int MaximumMinutes);

public sealed record ScenarioRequirement(string Key, string Capability, int Teams, int MinimumMembers);

/// <param name="Acceptance">Chance that a volunteer accepts an offer (0–1); field studies see 17–47 %.</param>
/// <param name="AnswerDelayMin">Answers come uniformly between the minimum and maximum delay after the phone hears of the offer.</param>
/// <param name="SpeedKmh">Travel speed from home to the incident, straight line; check-in comes after the travel time.</param>
/// <param name="Service">How long a volunteer stays before checking out.</param>
public sealed record PhoneBehaviour(
    double Acceptance,
    TimeSpan AnswerDelayMin,
    TimeSpan AnswerDelayMax,
    double SpeedKmh,
    TimeSpan Service)
{
    public static readonly PhoneBehaviour Default = new(0.3, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(90), 30, TimeSpan.FromMinutes(30));
}

/// <summary>Something that happens at <see cref="At"/> after the drill starts.</summary>
public abstract record Inject(TimeSpan At);

/// <summary>An incident of a type at a place (or at a random point of a district, or anywhere in the city).</summary>
public sealed record IncidentInject(TimeSpan At, string IncidentType, string? District, double? Latitude, double? Longitude, int Severity)
    : Inject(At);

/// <summary>Incidents at a steady rate from <see cref="Inject.At"/> until <see cref="Until"/>, types in turn, random places.</summary>
public sealed record IncidentStreamInject(TimeSpan At, TimeSpan Until, double PerMinute, ImmutableArray<string> IncidentTypes, int Severity)
    : Inject(At);

/// <summary>A share of volunteers (of a district, or everyone) go off duty, back on after <see cref="For"/> when given.</summary>
public sealed record OffDutyInject(TimeSpan At, double Share, string? District, TimeSpan? For) : Inject(At);

/// <summary>A share of phones lose their connection for <see cref="For"/>, then reconnect and catch up.</summary>
public sealed record ConnectionDropInject(TimeSpan At, double Share, TimeSpan For) : Inject(At);
