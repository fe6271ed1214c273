using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Mobilize.Grains.Notifications;

/// <summary>The in-memory <see cref="ILiveFeed"/>: a bounded replay buffer per stream and a list of subscribers.</summary>
/// <remarks>Numbering and buffering happen under a per-stream lock so sequence numbers are gap-free and in buffer
/// order; pushes go through observer references, which deliver on the thread pool and never block the publishing grain.</remarks>
internal sealed class LiveFeed(ILogger<LiveFeed> logger, int bufferPerStream = LiveFeed.DefaultBufferPerStream) : ILiveFeed
{
    public const int DefaultBufferPerStream = 256;

    private readonly ConcurrentDictionary<FeedStream, StreamBuffer> _streams = new();
    private ImmutableList<Subscription> _subscribers = [];

    public void Publish(LiveEventDraft draft)
    {
        foreach (var stream in draft.Streams.Distinct())
        {
            var buffer = _streams.GetOrAdd(stream, static _ => new StreamBuffer());
            LiveEvent numbered;
            lock (buffer)
            {
                numbered = new LiveEvent(stream, ++buffer.Last, draft.At, draft.Kind, draft.Incident, draft.Team, draft.Offer,
                    draft.Volunteer, draft.RequirementKey, draft.Detail, draft.Exercise);
                buffer.Events.Enqueue(numbered);
                while (buffer.Events.Count > bufferPerStream) buffer.Events.Dequeue();
            }
            foreach (var subscriber in _subscribers)
                if (subscriber.Stream is null || subscriber.Stream == stream) Push(subscriber, numbered);
        }
    }

    public FeedReplay Replay(FeedStream stream, long afterSequence)
    {
        if (!_streams.TryGetValue(stream, out var buffer)) return new FeedReplay(stream, [], afterSequence >= 0, 0);
        lock (buffer)
        {
            var events = buffer.Events.Where(e => e.Sequence > afterSequence).ToImmutableArray();
            var oldestKept = buffer.Events.TryPeek(out var first) ? first.Sequence : buffer.Last + 1;
            return new FeedReplay(stream, events, afterSequence + 1 >= oldestKept, buffer.Last);
        }
    }

    public long LastSequence(FeedStream stream)
    {
        if (!_streams.TryGetValue(stream, out var buffer)) return 0;
        lock (buffer) return buffer.Last;
    }

    public IDisposable Subscribe(FeedStream? stream, ILiveFeedObserver observer)
    {
        var subscription = new Subscription(this, stream, observer);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(subscription));
        return subscription;
    }

    private void Push(Subscription subscriber, LiveEvent liveEvent)
    {
        try
        {
            subscriber.Observer.OnEvent(liveEvent);
        }
        catch (Exception exception)
        {
            // A subscriber that is gone must not stop the grain that published; it can replay when it is back.
            logger.LogWarning(exception, "Live feed subscriber failed on {Stream} #{Sequence}", liveEvent.Stream, liveEvent.Sequence);
        }
    }

    private sealed class StreamBuffer
    {
        public long Last;
        public readonly Queue<LiveEvent> Events = new();
    }

    private sealed class Subscription(LiveFeed feed, FeedStream? stream, ILiveFeedObserver observer) : IDisposable
    {
        public FeedStream? Stream => stream;

        public ILiveFeedObserver Observer => observer;

        public void Dispose() => ImmutableInterlocked.Update(ref feed._subscribers, list => list.Remove(this));
    }
}
