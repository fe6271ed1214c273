using System.Collections.Immutable;

namespace Mobilize.Grains.Notifications;

/// <summary>One stream's numbering and replay buffer: events numbered from <paramref name="start"/> + 1 without gaps,
/// the last <paramref name="capacity"/> of them kept for clients catching up.</summary>
internal sealed class FeedBuffer(FeedStream stream, long start, int capacity)
{
    private readonly Queue<LiveEvent> _events = new();

    public long Last { get; private set; } = start;

    public LiveEvent Append(LiveEventDraft draft)
    {
        var numbered = new LiveEvent(stream, ++Last, draft.At, draft.Kind, draft.Incident, draft.Team, draft.Offer,
            draft.Volunteer, draft.RequirementKey, draft.Detail, draft.Exercise, draft.Level);
        _events.Enqueue(numbered);
        while (_events.Count > capacity) _events.Dequeue();
        return numbered;
    }

    /// <summary>Complete unless some event after <paramref name="afterSequence"/> is no longer held: dropped from the
    /// buffer, or numbered by an activation that ended without handing its buffer on (a crashed silo).</summary>
    public FeedReplay Replay(long afterSequence)
    {
        var events = _events.Where(e => e.Sequence > afterSequence).ToImmutableArray();
        var oldestKept = _events.TryPeek(out var first) ? first.Sequence : Last + 1;
        return new FeedReplay(stream, events, afterSequence + 1 >= oldestKept, Last);
    }
}
