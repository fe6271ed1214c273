using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Notifications;

/// <summary>Where grains publish what happened, for dashboards and phones: numbered per stream, replayable for a
/// while, pushed to subscribers (the SignalR bridge) through an observer reference.</summary>
public interface ILiveFeed
{
    /// <summary>Numbers the event in each of its streams, keeps it for replay, and pushes it to subscribers.</summary>
    void Publish(LiveEventDraft draft);

    /// <summary>Events of <paramref name="stream"/> after <paramref name="afterSequence"/>, oldest first. <see cref="FeedReplay.Complete"/>
    /// is false when some were already dropped from the buffer: the client should take a fresh snapshot.</summary>
    FeedReplay Replay(FeedStream stream, long afterSequence);

    /// <summary>The sequence number the stream has reached (0 before its first event).</summary>
    long LastSequence(FeedStream stream);

    /// <summary>Pushes every event of <paramref name="stream"/> (or of every stream, when null) to <paramref name="observer"/>
    /// until the returned handle is disposed.</summary>
    IDisposable Subscribe(FeedStream? stream, ILiveFeedObserver observer);
}

/// <summary>A subscriber; pass a reference made with <see cref="IGrainFactory.CreateObjectReference{TObserver}"/>.</summary>
[Alias("mobilize.notifications.live-feed-observer")]
public interface ILiveFeedObserver : IGrainObserver
{
    [Alias("OnEvent")]
    void OnEvent(LiveEvent liveEvent);
}

[GenerateSerializer, Alias("mobilize.notifications.feed-stream-kind")]
public enum FeedStreamKind
{
    Incident = 0,
    Organisation,
    Volunteer,
}

/// <summary>One numbered stream: an incident's, an organisation's (its jurisdiction's dashboard) or a volunteer's own.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.notifications.feed-stream")]
public readonly record struct FeedStream(FeedStreamKind Kind, string Key)
{
    public static FeedStream Of(IncidentId incident) => new(FeedStreamKind.Incident, incident.Value);

    public static FeedStream Of(OrganisationId organisation) => new(FeedStreamKind.Organisation, organisation.Value);

    public static FeedStream Of(VolunteerId volunteer) => new(FeedStreamKind.Volunteer, volunteer.Value);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}/{Key}";
}

/// <summary>The kinds of live events; stable strings because clients switch on them.</summary>
public static class LiveEventKinds
{
    public const string OfferSent = "offer-sent";
    public const string OfferAnswered = "offer-answered";
    public const string OfferWithdrawn = "offer-withdrawn";
    public const string RequirementFilled = "requirement-filled";
    public const string TeamStatus = "team-status";
    public const string Timeline = "timeline";
    public const string IncidentCreated = "incident-created";
    /// <summary>A standby alert (待命通知) to a volunteer: <c>Detail</c> is its message, <c>Level</c> its warning colour.</summary>
    public const string Alert = "alert";
}

/// <summary>An event before numbering: what happened and which streams it belongs to.</summary>
/// <param name="Exercise">The event belongs to an exercise (演练); every page and phone must mark it so.</param>
[GenerateSerializer, Immutable, Alias("mobilize.notifications.live-event-draft")]
public sealed record LiveEventDraft(
    ImmutableArray<FeedStream> Streams,
    DateTimeOffset At,
    string Kind,
    IncidentId? Incident = null,
    TeamId? Team = null,
    OfferId? Offer = null,
    VolunteerId? Volunteer = null,
    string? RequirementKey = null,
    string? Detail = null,
    bool Exercise = false,
    string? Level = null);

/// <summary>An event as one stream delivers it, with that stream's sequence number.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.notifications.live-event")]
public sealed record LiveEvent(
    FeedStream Stream,
    long Sequence,
    DateTimeOffset At,
    string Kind,
    IncidentId? Incident,
    TeamId? Team,
    OfferId? Offer,
    VolunteerId? Volunteer,
    string? RequirementKey,
    string? Detail,
    bool Exercise = false,
    string? Level = null);

[GenerateSerializer, Immutable, Alias("mobilize.notifications.feed-replay")]
public sealed record FeedReplay(FeedStream Stream, ImmutableArray<LiveEvent> Events, bool Complete, long LastSequence);
