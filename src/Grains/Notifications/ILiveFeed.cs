using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Notifications;

/// <summary>Where grains publish what happened, for dashboards and phones. Numbering, replay and pushing happen in
/// one <see cref="IFeedStreamGrain"/> per stream, so they are the same whichever silo publishes and whichever Api node
/// a page is connected to.</summary>
public interface ILiveFeed
{
    /// <summary>Hands the event to each of its streams to number, keep for replay and push; returns at once.</summary>
    void Publish(LiveEventDraft draft);
}

/// <summary>A hub host (an Api node) listening to every stream; register a reference made with
/// <see cref="IGrainFactory.CreateObjectReference{TObserver}"/> through <see cref="ILiveFeedSubscribersGrain"/>.</summary>
[Alias("mobilize.notifications.live-feed-observer")]
public interface ILiveFeedObserver : IGrainObserver
{
    /// <summary>Events in the order their silo numbered them; each stream's numbers have no gaps unless one was lost
    /// on the way, which a page notices and repairs by catching up.</summary>
    [Alias("OnEvents")]
    void OnEvents(ImmutableArray<LiveEvent> events);
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

    /// <summary>Reads a name <see cref="ToString"/> wrote ("incident/…", "organisation/…", "volunteer/…"): pages send
    /// them back, and each stream's grain is keyed by its name.</summary>
    public static bool TryParse(string? name, out FeedStream stream)
    {
        stream = default;
        var slash = name?.IndexOf('/') ?? -1;
        if (slash <= 0 || slash == name!.Length - 1) return false;
        FeedStreamKind? kind = name[..slash] switch
        {
            "incident" => FeedStreamKind.Incident,
            "organisation" => FeedStreamKind.Organisation,
            "volunteer" => FeedStreamKind.Volunteer,
            _ => null,
        };
        if (kind is null) return false;
        stream = new FeedStream(kind.Value, name[(slash + 1)..]);
        return true;
    }
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
    /// <summary>To a volunteer's own stream: their task ended (a stand-down, or a call away from an exercise).</summary>
    public const string TaskEnded = "task-ended";
    /// <summary>To a volunteer's own stream: a check-in or check-out (<c>Detail</c>) was recorded for them.</summary>
    public const string ServiceRecorded = "service-recorded";
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
