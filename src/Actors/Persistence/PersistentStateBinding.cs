using Mobilize.Actors.Activation;

namespace Mobilize.Actors.Persistence;

internal interface IPersistentStateBinding
{
    Task ReadAsync(CancellationToken cancellationToken);
}

/// <summary>The <see cref="IPersistentState{TState}"/> handed to a grain, bound to its id and storage provider.</summary>
internal sealed class PersistentStateBinding<TState> : IPersistentState<TState>, IGrainState<TState>, IPersistentStateBinding
{
    private readonly ActivationData _owner;
    private readonly string _stateName;
    private readonly IGrainStorage _storage;

    public PersistentStateBinding(ActivationData owner, string stateName, IGrainStorage storage)
    {
        _owner = owner;
        _stateName = stateName;
        _storage = storage;
        State = CreateDefault();
    }

    public TState State { get; set; }

    public string? Etag => ETag;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }

    public Task ReadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        Measure("read", cancellationToken, static (s, ct) => s._storage.ReadStateAsync(s._stateName, s._owner.GrainId, s, ct));

    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        Measure("write", cancellationToken, static (s, ct) => s._storage.WriteStateAsync(s._stateName, s._owner.GrainId, s, ct));

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await Measure("clear", cancellationToken, static (s, ct) => s._storage.ClearStateAsync(s._stateName, s._owner.GrainId, s, ct));
        State = CreateDefault();
    }

    // Takes the call as a delegate so a provider that throws synchronously is handled like one that faults its task.
    private async Task Measure(string operation, CancellationToken cancellationToken, Func<PersistentStateBinding<TState>, CancellationToken, Task> storageCall)
    {
        var started = _owner.Time.GetTimestamp();
        try
        {
            await storageCall(this, cancellationToken);
        }
        catch (InconsistentStateException)
        {
            // Orleans drops an activation whose state is stale, so the next call reloads it.
            _owner.OnStateConflict();
            throw;
        }
        finally
        {
            _owner.RecordStorage(operation, _owner.Time.GetElapsedTime(started));
        }
    }

    private static TState CreateDefault() =>
        typeof(TState).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<TState>() : default!;
}

internal static class PersistentStateBinding
{
    public static IPersistentStateBinding Create(Type stateType, ActivationData owner, string stateName, IGrainStorage storage) =>
        (IPersistentStateBinding)Activator.CreateInstance(typeof(PersistentStateBinding<>).MakeGenericType(stateType), owner, stateName, storage)!;
}
