using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Mobilize.Grains.Notifications;

/// <summary>Pushes what this silo's stream grains number to every hub host, in batches.</summary>
public interface ILiveFeedRelay
{
    void Push(LiveEvent numbered);

    /// <summary>A newer list of hub hosts (from the subscribers grain on this silo, or from polling it).</summary>
    void Accept(FeedSubscribers subscribers);
}

/// <remarks>A stream grain only enqueues, so a slow or dead host never holds up numbering. One batch per host per turn
/// of the loop: a burst of offers to thousands of phones is a few calls per host, not one per event.</remarks>
internal sealed class LiveFeedRelay(IGrainFactory grains, ILogger<LiveFeedRelay> logger) : ILiveFeedRelay, ILifecycleParticipant<ISiloLifecycle>
{
    private const int MaxBatch = 1024;

    private readonly Channel<LiveEvent> _queue = Channel.CreateUnbounded<LiveEvent>(new() { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private FeedSubscribers _current = new(default, []);
    // When the list's activation changes (its silo died), the old list stays in use until live hosts had time to renew.
    private ImmutableArray<ILiveFeedObserver> _carried = [];
    private DateTimeOffset _carriedUntil;
    private ImmutableArray<ILiveFeedObserver> _targets = [];
    private Task? _pushing;
    private Task? _polling;

    public void Push(LiveEvent numbered) => _queue.Writer.TryWrite(numbered);

    public void Accept(FeedSubscribers subscribers)
    {
        lock (_gate)
        {
            var current = _current.Version;
            if (subscribers.Version.Epoch == current.Epoch && subscribers.Version.Version <= current.Version) return;
            if (subscribers.Version.Epoch != current.Epoch && current.Epoch != Guid.Empty)
            {
                _carried = _current.Observers;
                _carriedUntil = TimeProvider.System.GetUtcNow() + LiveFeedLeases.Lease;
            }
            _current = subscribers;
            _targets = Targets();
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LiveFeedRelay), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        _pushing = Task.Run(PushLoop);
        _polling = Task.Run(PollLoop);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        foreach (var loop in new[] { _pushing, _polling })
            if (loop is not null) await loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task PushLoop()
    {
        var batch = new List<LiveEvent>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            ImmutableArray<LiveEvent> events = [.. batch];
            batch.Clear();
            ImmutableArray<ILiveFeedObserver> targets;
            lock (_gate) targets = _targets;
            foreach (var target in targets)
            {
                try
                {
                    target.OnEvents(events);
                }
                catch (Exception exception)
                {
                    // A host that is gone must not starve the others; its pages catch up on the next node.
                    logger.LogWarning(exception, "Live feed push to {Host} failed ({Count} events)", target.GetGrainId(), events.Length);
                }
            }
        }
    }

    private async Task PollLoop()
    {
        var subscribers = grains.LiveFeedSubscribers();
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                FeedSubscribersVersion known;
                lock (_gate) known = _current.Version;
                if (await subscribers.Changes(known) is { } changed) Accept(changed);
                lock (_gate)
                    if (!_carried.IsEmpty && TimeProvider.System.GetUtcNow() > _carriedUntil)
                    {
                        _carried = [];
                        _targets = Targets();
                    }
            }
            catch (Exception exception) when (!_stopping.IsCancellationRequested)
            {
                logger.LogDebug(exception, "Could not read the live feed's hub hosts; keeping the last list");
            }
            try
            {
                // Wall clock: the relay is plumbing, not domain time.
                await Task.Delay(LiveFeedLeases.RelayPoll, TimeProvider.System, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private ImmutableArray<ILiveFeedObserver> Targets() =>
        [.. _current.Observers.Concat(_carried).DistinctBy(o => o.GetGrainId())];
}
