using System.Collections.Immutable;

namespace Mobilize.Grains.Notifications;

/// <summary>The hub hosts listening now, each on a lease (<see cref="LiveFeedLeases"/>).</summary>
/// <remarks>Not stored: a list read back after a restart would name hosts that died with the old process, and live ones
/// renew within seconds anyway; a relay keeps the last list it had until the new activation has heard from them
/// (<see cref="LiveFeedRelay"/>).</remarks>
[GrainType("live-feed-subscribers")]
internal sealed class LiveFeedSubscribersGrain(ILiveFeedRelay relay) : Grain, ILiveFeedSubscribersGrain
{
    // Leases are infrastructure, like Orleans' membership: on the wall clock, so a stopped test clock or a drill
    // clock neither keeps dead hosts nor drops live ones.
    private readonly TimeProvider _wall = TimeProvider.System;
    private readonly Dictionary<GrainId, (ILiveFeedObserver Observer, DateTimeOffset Until)> _leases = [];
    private FeedSubscribersVersion _version = new(Guid.NewGuid(), 0);

    public Task Subscribe(ILiveFeedObserver observer)
    {
        var known = _leases.ContainsKey(observer.GetGrainId());
        _leases[observer.GetGrainId()] = (observer, _wall.GetUtcNow() + LiveFeedLeases.Lease);
        if (!known) Changed();
        Sweep();
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ILiveFeedObserver observer)
    {
        if (_leases.Remove(observer.GetGrainId())) Changed();
        return Task.CompletedTask;
    }

    public Task<FeedSubscribers?> Changes(FeedSubscribersVersion known)
    {
        Sweep();
        return Task.FromResult(known == _version ? null : Current());
    }

    private void Sweep()
    {
        var now = _wall.GetUtcNow();
        var expired = _leases.Where(l => l.Value.Until < now).Select(l => l.Key).ToList();
        foreach (var id in expired) _leases.Remove(id);
        if (expired.Count > 0) Changed();
    }

    // This silo's relay hears at once, so on a single silo a host pushes from the moment it subscribed; the others
    // within their next poll.
    private void Changed()
    {
        _version = _version with { Version = _version.Version + 1 };
        relay.Accept(Current());
    }

    private FeedSubscribers Current() => new(_version, [.. _leases.Values.Select(l => l.Observer)]);
}

public static class LiveFeedLeases
{
    /// <summary>How long a hub host stays subscribed without renewing: a crashed node stops being pushed to after this.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>How often a hub host renews; three renewals per lease, so one lost call costs nothing.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(3);

    /// <summary>How often each silo's relay asks for the list: a host that has just subscribed waits this long (plus a
    /// call) before every silo pushes to it.</summary>
    public static readonly TimeSpan RelayPoll = TimeSpan.FromSeconds(1);
}
