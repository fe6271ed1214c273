namespace Mobilize.Grains.Hosting;

/// <summary>A stored record, as a scan returns it: the grain's key and its state.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.hosting.stored-grain-state`1")]
public sealed record StoredGrainState<TState>(string GrainKey, TState State, string ETag);

/// <summary>Lists every stored record of one grain type, for start-up recovery (refilling the dispatch directory,
/// waking open incidents). Orleans has no scan API, so the project's storage providers offer one beside
/// <c>IGrainStorage</c>, registered under the same name.</summary>
public interface IStoredStateScanner
{
    IAsyncEnumerable<StoredGrainState<TState>> ScanAsync<TState>(string grainType, string stateName, CancellationToken cancellationToken = default);
}

public static class StorageNames
{
    /// <summary>Orleans' default grain storage name: grains that name no storage use it.</summary>
    public const string Default = "Default";
}
