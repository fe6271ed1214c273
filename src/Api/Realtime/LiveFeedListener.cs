using System.Collections.Immutable;
using Orleans;
using Mobilize.Grains;
using Mobilize.Grains.Notifications;
using Mobilize.Silo.Hosting;

namespace Mobilize.Api.Realtime;

/// <summary>Something on this node that wants every live event: the SignalR bridge, the long-poll waiters.</summary>
public interface ILiveEventSink
{
    void OnEvent(LiveEvent liveEvent);
}

/// <summary>This node's one observer of the live feed: subscribed before the node reports ready, its lease renewed
/// for the life of the app, every event handed to each <see cref="ILiveEventSink"/>.</summary>
/// <remarks>Every node hears every event (observers per hub host rather than a SignalR backplane): each node needs them
/// anyway to wake its long polls, and Orleans already carries them from the silo that numbered them.</remarks>
public sealed class LiveFeedListener(IGrainFactory grains, IEnumerable<ILiveEventSink> sinks, ILogger<LiveFeedListener> logger)
    : BackgroundService, ILiveFeedObserver
{
    private readonly ImmutableArray<ILiveEventSink> _sinks = [.. sinks];
    private readonly TaskCompletionSource<ILiveFeedObserver> _reference = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OnEvents(ImmutableArray<LiveEvent> events)
    {
        foreach (var liveEvent in events)
        foreach (var sink in _sinks)
            sink.OnEvent(liveEvent);
    }

    /// <summary>A readiness step. On a node in front of remote silos it also waits one relay poll, so every silo pushes
    /// to this node before the node takes its first page.</summary>
    public static ReadinessStep Step(bool remote) => new(async (services, cancellation) =>
    {
        var listener = services.GetRequiredService<LiveFeedListener>();
        await listener.SubscribeAsync();
        if (remote) await Task.Delay(LiveFeedLeases.RelayPoll * 2, TimeProvider.System, cancellation);
    });

    private async Task SubscribeAsync()
    {
        // Made once, when the runtime is up (this runs as a readiness step), and kept for the life of the app.
        if (!_reference.Task.IsCompleted) _reference.TrySetResult(grains.CreateObjectReference<ILiveFeedObserver>(this));
        await grains.LiveFeedSubscribers().Subscribe(await _reference.Task);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = await _reference.Task.WaitAsync(stoppingToken);
        // Wall clock: the lease is plumbing; the app's TimeProvider is the domain clock, which tests stop.
        using var renewal = new PeriodicTimer(LiveFeedLeases.Renewal, TimeProvider.System);
        try
        {
            while (await renewal.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await grains.LiveFeedSubscribers().Subscribe(reference);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The list's silo may be moving; the lease outlives a few missed renewals.
                    logger.LogWarning(exception, "Could not renew this node's live feed subscription");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!_reference.Task.IsCompletedSuccessfully) return;
        try
        {
            await grains.LiveFeedSubscribers().Unsubscribe(_reference.Task.Result).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception exception)
        {
            // The lease runs out on its own.
            logger.LogDebug(exception, "Could not unsubscribe from the live feed");
        }
    }
}
