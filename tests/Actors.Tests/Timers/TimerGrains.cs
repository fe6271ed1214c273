using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Mobilize.Actors.Tests.Timers;

public interface ISirenGrain : IGrainWithStringKey
{
    Task Arm(TimeSpan due, TimeSpan period, bool keepAlive, bool holdEachTick);

    Task<int> Ticks();

    Task Disarm();
}

/// <summary>Counts timer ticks; optionally each tick waits at a gate the test opens.</summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class SirenGrain : Grain, ISirenGrain
{
    public static readonly ConcurrentDictionary<string, SemaphoreSlim> TickGates = new();
    public static readonly ConcurrentDictionary<string, int> TickCounts = new();
    private IGrainTimer? _timer;
    private int _ticks;
    private bool _hold;

    public Task Arm(TimeSpan due, TimeSpan period, bool keepAlive, bool holdEachTick)
    {
        _hold = holdEachTick;
        _timer = RegisterGrainTimer(OnTick, new GrainTimerCreationOptions(due, period) { KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    private async Task OnTick(CancellationToken cancellationToken)
    {
        _ticks++;
        TickCounts.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        if (_hold) await TickGates.GetOrAdd(GetPrimaryKeyString(), _ => new SemaphoreSlim(0)).WaitAsync(cancellationToken);
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public Task Disarm()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }
}

public interface IBroadcastObserver : IGrainObserver
{
    void OfferSent(string offer);

    Task StatusChanged(string status);
}

public interface IBroadcasterGrain : IGrainWithStringKey
{
    Task Subscribe(IBroadcastObserver observer);

    Task Publish(string message);
}

public sealed class BroadcasterGrain : Grain, IBroadcasterGrain
{
    private readonly List<IBroadcastObserver> _observers = [];

    public Task Subscribe(IBroadcastObserver observer)
    {
        _observers.Add(observer);
        return Task.CompletedTask;
    }

    public async Task Publish(string message)
    {
        foreach (var observer in _observers)
        {
            observer.OfferSent(message);
            await observer.StatusChanged(message);
        }
    }
}

public interface IPushWorker : IGrainWithIntegerKey
{
    Task<ImmutableArray<int>> Work(TimeSpan hold);
}

/// <summary>Stateless worker that reports how many of its activations were busy at once.</summary>
[StatelessWorker(3)]
public sealed class PushWorker : Grain, IPushWorker
{
    public static readonly ConcurrentDictionary<PushWorker, byte> Instances = new();
    public static TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PushWorker() => Instances.TryAdd(this, 0);

    public async Task<ImmutableArray<int>> Work(TimeSpan hold)
    {
        await Release.Task;
        return [Instances.Count];
    }
}
