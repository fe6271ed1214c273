using System.Collections.Immutable;
using Mobilize.Actors;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>One incident or drill (keyed by <see cref="IncidentId"/>): runs the callout — offers, escalation, fills,
/// stand-down — and keeps its timeline and the gate's reasons for every team it left out.</summary>
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Creates the incident and starts recruiting: with the nearest plan up the organisation ladder, or with
    /// the explicit requirements when no plan exists. The same request again is answered as before.</summary>
    Task<Outcome<IncidentSummary>> Create(IncidentRequest request);

    [ReadOnly]
    Task<Outcome<IncidentSummary>> GetSummary();

    [ReadOnly]
    Task<Outcome<IncidentTimeline>> GetTimeline();

    /// <summary>Every team the gate looked at, with why it was left out.</summary>
    [ReadOnly]
    Task<Outcome<IncidentExplanation>> Explain();

    Task<Outcome<IncidentSummary>> StandDown();

    /// <summary>A team's answer after its members mustered (accept) or could not (decline); refusals change nothing.</summary>
    Task<AnswerReceipt> AnswerOffer(OfferId offer, TeamId team, OfferAnswer answer);

    /// <summary>A deployed member arrived or left; written on the timeline (the ledger entry itself is the volunteer's).</summary>
    Task NoteAttendance(TeamId team, VolunteerId volunteer, bool arrived);

    /// <summary>Activates the grain so its offer timer runs again (start-up recovery); does nothing else.</summary>
    Task Wake();

    /// <summary>A member of an offered team answered; written on the timeline for the after-action clocks.</summary>
    Task NoteMemberAnswer(OfferId offer, TeamId team, VolunteerId volunteer, OfferAnswer answer, DateTimeOffset at);

    /// <summary>A team assigned to this exercise incident left it for a real incident (see <see cref="ExerciseAvailability"/>).</summary>
    Task NoteTeamCalledAway(TeamId team, IncidentId realIncident);
}

/// <param name="ExerciseId">The named exercise that injected this incident; <see cref="Exercise"/> is then true.</param>
/// <param name="TakesFromRealDuty">For an exercise only: its assignments hold teams as a real one would (default: they do not).</param>
/// <summary>What a commander gives to open an incident. <see cref="Requirements"/>, <see cref="RadiusMeters"/> and
/// <see cref="OfferTimeout"/> are used only when no plan covers the type; otherwise the plan decides.</summary>
public sealed record IncidentRequest(
    string IncidentType,
    GeoPoint Place,
    OrganisationId Organisation,
    int Severity,
    bool Exercise,
    ImmutableArray<RequirementSpec> Requirements = default,
    double? RadiusMeters = null,
    TimeSpan? OfferTimeout = null,
    string? Description = null,
    ExerciseId? ExerciseId = null,
    bool TakesFromRealDuty = false)
{
    public const int MinSeverity = 1;
    public const int MaxSeverity = 4;
}

public enum IncidentStatus
{
    Recruiting = 0,
    /// <summary>Every requirement has its teams.</summary>
    Filled,
    /// <summary>Some requirement ran past the last rung of the ladder; a commander must act.</summary>
    Unfillable,
    StoodDown,
}

/// <summary>One requirement's progress as a dashboard shows it.</summary>
public sealed record RequirementView(
    string Key,
    string Capability,
    int TeamsNeeded,
    int TeamsFilled,
    int MinimumMembers,
    RequirementStatus Status,
    double RadiusMeters,
    EscalationLevel Level,
    int Wave);

public sealed record IncidentSummary(
    IncidentId Id,
    string IncidentType,
    GeoPoint Place,
    OrganisationId Organisation,
    int Severity,
    bool Exercise,
    string? Description,
    PlanId? Plan,
    IncidentStatus Status,
    DateTimeOffset CreatedAt,
    ImmutableArray<RequirementView> Requirements,
    ImmutableArray<Offer> Offers,
    ImmutableDictionary<TeamId, string> Assignments,
    ExerciseId? ExerciseId = null);

public sealed record IncidentTimeline(IncidentId Id, ImmutableArray<TimelineEntry> Entries, bool Exercise = false);

/// <summary>The gate's verdict on one team for one requirement at one search (the latest search wins).</summary>
public sealed record CandidateVerdict(
    string RequirementKey,
    TeamId Team,
    ExclusionReason? Reason,
    double? DistanceMeters,
    TimeSpan? Eta,
    EscalationLevel Level,
    double RadiusMeters,
    DateTimeOffset At);

public sealed record IncidentExplanation(IncidentId Id, ImmutableArray<CandidateVerdict> Candidates)
{
    public IEnumerable<CandidateVerdict> Excluded => Candidates.Where(c => c.Reason is not null);
}

/// <summary>The incident's reply to a team's answer: taken, or refused with the reason.</summary>
public sealed record AnswerReceipt(OfferId Offer, AnswerRejection? Rejection)
{
    public bool Taken => Rejection is null;
}
