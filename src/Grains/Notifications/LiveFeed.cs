using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Mobilize.Grains.Notifications;

/// <summary>The <see cref="ILiveFeed"/> grains publish to: per stream, one call in flight to the stream's grain, carrying
/// every event published meanwhile.</summary>
/// <remarks>Orleans does not promise that two calls reach a grain in the order they were sent (the first call to a grain
/// not yet located can be overtaken), so events published one after another on this silo would otherwise be numbered out
/// of order: an offer answered before it was sent. One call at a time per stream keeps this silo's order, and the batch
/// keeps a burst to a few calls.</remarks>
internal sealed class LiveFeed(IGrainFactory grains, ILogger<LiveFeed> logger) : ILiveFeed
{
    private const int Attempts = 3;

    private readonly ConcurrentDictionary<FeedStream, Outbox> _outboxes = new();

    public void Publish(LiveEventDraft draft)
    {
        foreach (var stream in draft.Streams.Distinct())
        {
            while (true)
            {
                var outbox = _outboxes.GetOrAdd(stream, static _ => new Outbox());
                lock (outbox)
                {
                    // Emptied and dropped by its sender meanwhile: take the stream's new one.
                    if (outbox.Retired) continue;
                    outbox.Pending.Add(draft);
                    if (outbox.Sending) break;
                    outbox.Sending = true;
                }
                // Off the publishing grain's scheduler: its turn must not wait for, or be woken by, the feed's answers.
                _ = Task.Run(() => Send(stream, outbox));
                break;
            }
        }
    }

    private async Task Send(FeedStream stream, Outbox outbox)
    {
        while (true)
        {
            ImmutableArray<LiveEventDraft> batch;
            lock (outbox)
            {
                if (outbox.Pending.Count == 0)
                {
                    outbox.Sending = false;
                    outbox.Retired = true;
                    _outboxes.TryRemove(KeyValuePair.Create(stream, outbox));
                    return;
                }
                batch = [.. outbox.Pending];
                outbox.Pending.Clear();
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await grains.FeedStream(stream).Publish(batch);
                    break;
                }
                catch (Exception exception) when (attempt < Attempts)
                {
                    // The stream's silo may be going: the grain comes back elsewhere on the next call.
                    logger.LogDebug(exception, "Live feed publish to {Stream} failed, attempt {Attempt}", stream, attempt);
                }
                catch (Exception exception)
                {
                    // Lost: pages see nothing amiss in the numbers, but reload their snapshot on the next reconnect.
                    logger.LogWarning(exception, "Live feed lost {Count} events of {Stream}", batch.Length, stream);
                    break;
                }
            }
        }
    }

    private sealed class Outbox
    {
        public readonly List<LiveEventDraft> Pending = [];
        public bool Sending;
        public bool Retired;
    }
}
