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
/// holds them all and the page must reload its state over REST, then continue from <see cref="LastSequence"/>.</summary>
public sealed record CatchUpResult(string Stream, ImmutableArray<LivePush> Events, bool SnapshotNeeded, long LastSequence)
{
    public static CatchUpResult From(FeedReplay replay) =>
        new(replay.Stream.ToString(), [.. replay.Events.Select(LivePush.From)], !replay.Complete, replay.LastSequence);
}
