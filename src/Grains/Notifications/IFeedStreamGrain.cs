using System.Collections.Immutable;

namespace Mobilize.Grains.Notifications;

/// <summary>One live stream, keyed by its name (<see cref="FeedStream.ToString"/>): the only place its events are
/// numbered, so the numbers are the same on every Api node and a page can catch up through any of them.</summary>
[Alias("mobilize.notifications.feed-stream-grain")]
public interface IFeedStreamGrain : IGrainWithStringKey
{
    /// <summary>Numbers the events for this stream in the order given, keeps them for replay and pushes them to every
    /// hub host.</summary>
    [Alias("Publish")]
    Task Publish(ImmutableArray<LiveEventDraft> drafts);

    /// <summary>Events after <paramref name="afterSequence"/>, oldest first. <see cref="FeedReplay.Complete"/> is false
    /// when some are no longer held: the client should take a fresh snapshot.</summary>
    [Alias("Replay")]
    Task<FeedReplay> Replay(long afterSequence);

    /// <summary>The sequence number the stream has reached (0 before its first event).</summary>
    [Alias("LastSequence")]
    Task<long> LastSequence();
}

/// <summary>Hub hosts listening to the feed. Each Api node renews its lease every few seconds; every silo's relay reads
/// the list from here.</summary>
[Alias("mobilize.notifications.live-feed-subscribers")]
public interface ILiveFeedSubscribersGrain : IGrainWithIntegerKey
{
    /// <summary>Adds the observer, or renews its lease.</summary>
    [Alias("Subscribe")]
    Task Subscribe(ILiveFeedObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(ILiveFeedObserver observer);

    /// <summary>The current list, or null when it is still <paramref name="known"/>.</summary>
    [Alias("Changes")]
    Task<FeedSubscribers?> Changes(FeedSubscribersVersion known);
}

/// <param name="Epoch">Which activation of the list this is: a new one starts empty and fills as nodes renew.</param>
[GenerateSerializer, Immutable, Alias("mobilize.notifications.feed-subscribers-version")]
public readonly record struct FeedSubscribersVersion(Guid Epoch, long Version);

[GenerateSerializer, Immutable, Alias("mobilize.notifications.feed-subscribers")]
public sealed record FeedSubscribers(FeedSubscribersVersion Version, ImmutableArray<ILiveFeedObserver> Observers);
