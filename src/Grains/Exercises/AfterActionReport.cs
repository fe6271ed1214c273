using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Exercises;

/// <summary>What the report is computed from: the exercise and, in injection order, each incident's own record.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.after-action-facts")]
public sealed record AfterActionFacts(ExerciseView Exercise, ImmutableArray<IncidentFacts> Incidents);

[GenerateSerializer, Immutable, Alias("mobilize.exercises.incident-facts")]
public sealed record IncidentFacts(IncidentSummary Summary, ImmutableArray<TimelineEntry> Timeline, ImmutableArray<CandidateVerdict> Candidates);

/// <summary>The after-action report (复盘报告) of one exercise. Deterministic: built only from the facts' own times, in a
/// stable order, and free of the exercise's generated id, so the same scenario gives the same report byte for byte.</summary>
/// <param name="Clocks">Over every team of every incident.</param>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.after-action-report")]
public sealed record AfterActionReport(
    string Marking,
    ExerciseHeader Exercise,
    ImmutableArray<ReportIncident> Incidents,
    ClockSet Clocks,
    ImmutableArray<RequirementReport> Requirements,
    ImmutableArray<TeamReport> Teams,
    ImmutableArray<TeamResponse> Responses,
    ImmutableArray<ReasonCount> DeclinesAndTimeouts,
    ImmutableArray<NeverReached> NeverReached,
    ImmutableArray<CalledAway> CalledAway);

[GenerateSerializer, Immutable, Alias("mobilize.exercises.exercise-header")]
public sealed record ExerciseHeader(
    string Name,
    OrganisationId Organisation,
    bool TakesVolunteersFromRealDuty,
    string? Note,
    ExerciseStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt);

/// <param name="Ordinal">1 for the first incident injected; reports of two runs are compared by it.</param>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.report-incident")]
public sealed record ReportIncident(int Ordinal, IncidentId Incident, string IncidentType, int Severity, IncidentStatus Status, DateTimeOffset CreatedAt);

/// <summary>The three clocks of a callout: alert → first member's answer, that answer → muster (the incident took
/// the team), muster → first member's check-in on site.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.clock-set")]
public sealed record ClockSet(Stat AlertToAnswer, Stat AnswerToMuster, Stat MusterToArrival);

/// <summary>Seconds; null when nothing was measured. The median of an even count is the mean of the middle two; p90
/// is the nearest rank (the smallest value with at least 90% of values at or below it).</summary>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.stat")]
public sealed record Stat(int Count, double? MedianSeconds, double? P90Seconds);

/// <param name="FillRate">Teams filled over teams needed, 0 to 1.</param>
/// <param name="TimeToFillSeconds">From the incident's creation to the requirement's last fill; null when never filled.</param>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.requirement-report")]
public sealed record RequirementReport(
    int Incident,
    string Key,
    string Capability,
    int TeamsNeeded,
    int TeamsFilled,
    double FillRate,
    double? TimeToFillSeconds,
    ClockSet Clocks);

[GenerateSerializer, Immutable, Alias("mobilize.exercises.team-report")]
public sealed record TeamReport(TeamId Team, int Offers, int Accepted, ClockSet Clocks);

/// <summary>One offer, with its clocks.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.team-response")]
public sealed record TeamResponse(
    int Incident,
    string RequirementKey,
    TeamId Team,
    int Wave,
    string Outcome,
    DateTimeOffset AlertedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? MusteredAt,
    DateTimeOffset? ArrivedAt,
    double? AlertToAnswerSeconds,
    double? AnswerToMusterSeconds,
    double? MusterToArrivalSeconds,
    IncidentId? CalledAwayTo);

[GenerateSerializer, Immutable, Alias("mobilize.exercises.reason-count")]
public sealed record ReasonCount(string Reason, int Count);

/// <param name="Reason"><c>offered-no-answer</c> (with the offer's outcome in <paramref name="Detail"/>) or
/// <c>never-offered</c> (with the gate's exclusion reason, or <c>eligible-not-needed</c>).</param>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.never-reached")]
public sealed record NeverReached(int Incident, string RequirementKey, TeamId Team, string Reason, string Detail);

[GenerateSerializer, Immutable, Alias("mobilize.exercises.called-away")]
public sealed record CalledAway(int Incident, string RequirementKey, TeamId Team, IncidentId RealIncident, DateTimeOffset At);

/// <summary>Stable outcome and reason words; reports outlive code.</summary>
public static class ResponseOutcomes
{
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string TimedOut = "timed-out";
    public const string WithdrawnNotNeeded = "withdrawn-not-needed";
    public const string WithdrawnStoodDown = "withdrawn-stood-down";
    public const string Pending = "pending";
    public const string MemberDeclined = "member-declined";
    public const string CalledAway = "called-away";
    public const string OfferedNoAnswer = "offered-no-answer";
    public const string NeverOffered = "never-offered";
    public const string EligibleNotNeeded = "eligible-not-needed";

    public static string Of(Offer offer) => offer.Status switch
    {
        OfferStatus.Accepted => Accepted,
        OfferStatus.Declined => Declined,
        OfferStatus.TimedOut => TimedOut,
        OfferStatus.Withdrawn when offer.WithdrawalReason == WithdrawalReason.StoodDown => WithdrawnStoodDown,
        OfferStatus.Withdrawn => WithdrawnNotNeeded,
        _ => Pending,
    };
}
