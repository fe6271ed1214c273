namespace Mobilize.Actors;

/// <summary>The persistent state a grain takes in its constructor, loaded before <c>OnActivateAsync</c>.</summary>
public interface IPersistentState<TState> : IStorage<TState>;

public interface IStorage<TState>
{
    TState State { get; set; }

    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Marks a constructor parameter of type <see cref="IPersistentState{TState}"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    public string? StorageName { get; } = storageName;
}

/// <summary>The state record exchanged with a storage provider.</summary>
public interface IGrainState<TState>
{
    TState State { get; set; }

    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>A named storage provider. Registered as a keyed singleton under its name.</summary>
public interface IGrainStorage
{
    Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default);

    /// <summary>Writes when the stored ETag equals <c>grainState.ETag</c> (null: no record yet), then sets the new ETag.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag differs.</exception>
    Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default);

    Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default);
}

/// <summary>Another writer changed the record since this activation read it.</summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? currentEtag, Exception? inner = null)
    : Exception(message, inner)
{
    public string? StoredEtag { get; } = storedEtag;

    public string? CurrentEtag { get; } = currentEtag;
}

public static class GrainStorageNames
{
    public const string Default = "Default";
}

/// <summary>A stored record, as a scan returns it.</summary>
public sealed record StoredGrainState<TState>(GrainId GrainId, TState State, string ETag);

/// <summary>Providers that can list every record of one grain type, for start-up recovery
/// (rebuilding the dispatch index, re-activating open incidents).</summary>
public interface IGrainStorageScanner
{
    IAsyncEnumerable<StoredGrainState<TState>> ScanAsync<TState>(string grainType, string stateName, CancellationToken cancellationToken = default);
}

/// <summary>Providers that must open (create schema, start a writer) before the silo serves calls
/// and close (flush pending writes) after every grain has been deactivated.</summary>
public interface IGrainStorageLifecycle
{
    Task OpenAsync(CancellationToken cancellationToken);

    Task CloseAsync(CancellationToken cancellationToken);
}
