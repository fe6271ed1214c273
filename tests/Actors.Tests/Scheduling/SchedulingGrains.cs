using System.Collections.Concurrent;

namespace Mobilize.Actors.Tests.Scheduling;

public interface ISegmentGrain : IGrainWithStringKey
{
    Task<int> RunSegments(int count);

    Task<int> Segments();
}

/// <summary>Detects two threads inside the grain at once: each segment between awaits claims a flag.</summary>
[Reentrant]
public sealed class SegmentGrain : Grain, ISegmentGrain
{
    private int _inside;
    private int _segments;

    public async Task<int> RunSegments(int count)
    {
        var overlaps = 0;
        for (var i = 0; i < count; i++)
        {
            if (Interlocked.Exchange(ref _inside, 1) != 0) overlaps++;
            _segments++;
            Thread.SpinWait(50);
            Volatile.Write(ref _inside, 0);
            await Task.Yield();
        }
        return overlaps;
    }

    public Task<int> Segments() => Task.FromResult(_segments);
}

public interface ICycleGrain : IGrainWithStringKey
{
    Task CallThrough(ICycleGrain other);

    Task CallBack(ICycleGrain caller);

    Task Ping();
}

public sealed class CycleGrain : Grain, ICycleGrain
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> ReachedB = new();

    public static Task Reached(string key) => Signal(key).Task;

    private static TaskCompletionSource Signal(string key) =>
        ReachedB.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public Task CallThrough(ICycleGrain other) => other.CallBack(AsReference<ICycleGrain>());

    public Task CallBack(ICycleGrain caller)
    {
        Signal(GetPrimaryKeyString()).TrySetResult();
        return caller.Ping();
    }

    public Task Ping() => Task.CompletedTask;
}
