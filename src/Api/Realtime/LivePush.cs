using System.Collections.Immutable;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Notifications;

namespace Mobilize.Api.Realtime;

/// <summary>A live event as pages receive it: the stream as one string ("incident/…", "organisation/…",
/// "volunteer/…") so a page can keep its last sequence number per stream in a plain map. An exercise's events carry
/// <see cref="Exercise"/> and the label to show in <see cref="Marking"/>.</summary>
public sealed record LivePush(
    string Stream,
    long Sequence,
    DateTimeOffset At,
    string Kind,
    string? Incident,
    string? Team,
    string? Offer,
    string? Volunteer,
    string? RequirementKey,
    string? Detail,
    bool Exercise,
    string? Marking,
    string? Level)
{
    public static LivePush From(LiveEvent e) => new(e.Stream.ToString(), e.Sequence, e.At, e.Kind, e.Incident?.Value,
        e.Team?.Value, e.Offer?.Value, e.Volunteer?.Value, e.RequirementKey, e.Detail, e.Exercise, ExerciseMarking.For(e.Exercise), e.Level);
}

/// <summary>The answer to <c>CatchUp</c>: the missed events, or <see cref="SnapshotNeeded"/> when the feed no longer
/// holds them all and the page must reload its state over REST, then continue from <see cref="LastSequence"/>. A hub
/// answers at most <see cref="HubPage"/> events, the oldest first, and says <see cref="More"/> when the stream holds
/// newer ones: the client asks again from the last it got.</summary>
public sealed record CatchUpResult(string Stream, ImmutableArray<LivePush> Events, bool SnapshotNeeded, long LastSequence, bool More = false)
{
    /// <summary>Events per hub answer. A stream's whole replay (256 events) is about 100 kB, the stateful-reconnect
    /// buffer a connection may hold unacknowledged; a dashboard catching up dozens of incidents at once filled it, and
    /// SignalR aborts a connection whose write then waits.</summary>
    public const int HubPage = 64;

    public static CatchUpResult From(FeedReplay replay, int? page = null)
    {
        var events = page is { } most && replay.Events.Length > most ? replay.Events[..most] : replay.Events;
        return new(replay.Stream.ToString(), [.. events.Select(LivePush.From)], !replay.Complete, replay.LastSequence,
            More: events.Length < replay.Events.Length);
    }
}
