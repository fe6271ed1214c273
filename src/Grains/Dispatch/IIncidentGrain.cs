using System.Collections.Immutable;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>One incident or drill (keyed by <see cref="IncidentId"/>): runs the callout — offers, escalation, fills,
/// stand-down — and keeps its timeline and the gate's reasons for every team it left out.</summary>
[Alias("mobilize.dispatch.incident-grain")]
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Creates the incident and starts recruiting: with the nearest plan up the organisation ladder, or with
    /// the explicit requirements when no plan exists. The same request again is answered as before.</summary>
    [Alias("Create")]
    Task<Outcome<IncidentSummary>> Create(IncidentRequest request);

    [ReadOnly]
    [Alias("GetSummary")]
    Task<Outcome<IncidentSummary>> GetSummary();

    [ReadOnly]
    [Alias("GetTimeline")]
    Task<Outcome<IncidentTimeline>> GetTimeline();

    /// <summary>Every team the gate looked at, with why it was left out.</summary>
    [ReadOnly]
    [Alias("Explain")]
    Task<Outcome<IncidentExplanation>> Explain();

    [Alias("StandDown")]
    Task<Outcome<IncidentSummary>> StandDown();

    /// <summary>A team's answer after its members mustered (accept) or could not (decline); refusals change nothing.</summary>
    [Alias("AnswerOffer")]
    Task<AnswerReceipt> AnswerOffer(OfferId offer, TeamId team, OfferAnswer answer);

    /// <summary>A deployed member arrived or left; written on the timeline (the ledger entry itself is the volunteer's).</summary>
    [Alias("NoteAttendance")]
    Task NoteAttendance(TeamId team, VolunteerId volunteer, bool arrived);

    /// <summary>Activates the grain so its offer timer runs again (start-up recovery); does nothing else.</summary>
    [Alias("Wake")]
    Task Wake();

    /// <summary>A member of an offered team answered; written on the timeline for the after-action clocks.</summary>
    [Alias("NoteMemberAnswer")]
    Task NoteMemberAnswer(OfferId offer, TeamId team, VolunteerId volunteer, OfferAnswer answer, DateTimeOffset at);

    /// <summary>A team assigned to this exercise incident left it for a real incident (see <see cref="ExerciseAvailability"/>).</summary>
    [Alias("NoteTeamCalledAway")]
    Task NoteTeamCalledAway(TeamId team, IncidentId realIncident);
}

/// <param name="ExerciseId">The named exercise that injected this incident; <see cref="Exercise"/> is then true.</param>
/// <param name="TakesFromRealDuty">For an exercise only: its assignments hold teams as a real one would (default: they do not).</param>
/// <summary>What a commander gives to open an incident. Given <see cref="Requirements"/> win over a plan covering the
/// type; <see cref="RadiusMeters"/> and <see cref="OfferTimeout"/> then win too, and what is left out comes from the
/// plan (or the defaults). Without requirements the plan decides everything.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.incident-request")]
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

[GenerateSerializer, Alias("mobilize.dispatch.incident-status")]
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
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.requirement-view")]
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

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.incident-summary")]
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

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.incident-timeline")]
public sealed record IncidentTimeline(IncidentId Id, ImmutableArray<TimelineEntry> Entries, bool Exercise = false);

/// <summary>The gate's verdict on one team for one requirement at one search (the latest search wins).</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.candidate-verdict")]
public sealed record CandidateVerdict(
    string RequirementKey,
    TeamId Team,
    ExclusionReason? Reason,
    double? DistanceMeters,
    TimeSpan? Eta,
    EscalationLevel Level,
    double RadiusMeters,
    DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.incident-explanation")]
public sealed record IncidentExplanation(IncidentId Id, ImmutableArray<CandidateVerdict> Candidates)
{
    public IEnumerable<CandidateVerdict> Excluded => Candidates.Where(c => c.Reason is not null);
}

/// <summary>The incident's reply to a team's answer: taken, or refused with the reason.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.answer-receipt")]
public sealed record AnswerReceipt(OfferId Offer, AnswerRejection? Rejection)
{
    public bool Taken => Rejection is null;
}
