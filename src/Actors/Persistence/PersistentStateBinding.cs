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
        Measure("read", _storage.ReadStateAsync(_stateName, _owner.GrainId, this, cancellationToken));

    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        Measure("write", _storage.WriteStateAsync(_stateName, _owner.GrainId, this, cancellationToken));

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await Measure("clear", _storage.ClearStateAsync(_stateName, _owner.GrainId, this, cancellationToken));
        State = CreateDefault();
    }

    private async Task Measure(string operation, Task storageCall)
    {
        var started = _owner.Time.GetTimestamp();
        try
        {
            await storageCall;
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
