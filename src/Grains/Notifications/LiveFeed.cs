namespace Mobilize.Grains.Notifications;

/// <summary>The <see cref="ILiveFeed"/> grains publish to: one one-way call per stream the event belongs to.</summary>
internal sealed class LiveFeed(IGrainFactory grains) : ILiveFeed
{
    public void Publish(LiveEventDraft draft)
    {
        foreach (var stream in draft.Streams.Distinct())
            // One-way: the call returns at once, and the stream's grain numbers events in the order they arrive.
            _ = grains.FeedStream(stream).Publish(draft);
    }
}
