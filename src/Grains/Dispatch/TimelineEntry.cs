using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>One line of an incident's append-only audit timeline.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.timeline-entry")]
public sealed record TimelineEntry(
    DateTimeOffset At,
    string Kind,
    string? RequirementKey = null,
    TeamId? Team = null,
    OfferId? Offer = null,
    string? Detail = null);

/// <summary>The kinds of <see cref="TimelineEntry"/> recruitment writes; stable strings because audits outlive code.</summary>
public static class TimelineKinds
{
    public const string RecruitmentStarted = "recruitment-started";
    public const string OfferSent = "offer-sent";
    public const string OfferAccepted = "offer-accepted";
    public const string OfferDeclined = "offer-declined";
    public const string OfferTimedOut = "offer-timed-out";
    public const string OfferWithdrawn = "offer-withdrawn";
    public const string RequirementFilled = "requirement-filled";
    public const string CandidatesReceived = "candidates-received";
    public const string Escalated = "escalated";
    public const string Unfillable = "unfillable";
    public const string StoodDown = "stood-down";
    public const string TeamReleased = "team-released";
}
