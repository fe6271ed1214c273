using System.Collections.Concurrent;
using System.Collections.Immutable;
using Mobilize.Actors;

namespace Mobilize.Actors.Tests;

// Small grains that make the runtime's behaviour observable. Each test uses fresh keys, so these
// static journals never mix data between tests.

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();

    Task Fail(string message);

    Task WaitUntilCanceled(CancellationToken cancellationToken);
}

public sealed class CounterGrain : Grain, ICounterGrain
{
    public static readonly ConcurrentDictionary<string, int> Constructed = new();
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Waiting = new();
    private int _value;

    public CounterGrain() => Constructed.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);

    public Task<int> Increment() => Task.FromResult(++_value);

    public Task<int> Get() => Task.FromResult(_value);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public async Task WaitUntilCanceled(CancellationToken cancellationToken)
    {
        Waiting.GetOrAdd(GetPrimaryKeyString(), _ => new TaskCompletionSource()).TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

/// <summary>Records when each call enters and leaves, and holds calls at a gate the test opens.</summary>
public interface IGatedGrain : IGrainWithStringKey
{
    Task Hold(string name);

    [AlwaysInterleave]
    Task<ImmutableArray<string>> Journal();

    [ReadOnly]
    Task HoldReading(string name);
}

public abstract class GatedGrainBase : Grain
{
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();
    private readonly List<string> _journal = [];

    public static TaskCompletionSource Gate(string key) =>
        Gates.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async Task Hold(string name)
    {
        _journal.Add($"enter {name}");
        await Gate($"{GetPrimaryKeyString()}/{name}").Task;
        _journal.Add($"leave {name}");
    }

    public Task HoldReading(string name) => Hold(name);

    public Task<ImmutableArray<string>> Journal() => Task.FromResult(_journal.ToImmutableArray());
}

public interface IPlainGatedGrain : IGatedGrain;

public sealed class GatedGrain : GatedGrainBase, IPlainGatedGrain;

public interface IReentrantGatedGrain : IGatedGrain;

[Reentrant]
public sealed class ReentrantGatedGrain : GatedGrainBase, IReentrantGatedGrain;
