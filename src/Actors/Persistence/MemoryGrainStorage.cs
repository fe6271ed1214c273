using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Mobilize.Actors.Persistence;

/// <summary>Grain storage in process memory, for tests. Stores serialized bytes so a grain never shares an object with storage.</summary>
public sealed class MemoryGrainStorage(IGrainStorageSerializer serializer) : IGrainStorage, IGrainStorageScanner
{
    private readonly ConcurrentDictionary<(string Type, string Key, string State), (byte[] Payload, long Version)> _records = new();
    private readonly Dictionary<(string Type, string Key, string State), long> _cleared = [];

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        if (_records.TryGetValue((grainId.Type, grainId.Key, stateName), out var record))
        {
            grainState.State = serializer.Deserialize<TState>(record.Payload);
            grainState.ETag = Etag(record.Version);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        var key = (grainId.Type, grainId.Key, stateName);
        var payload = serializer.Serialize(grainState.State);
        lock (_records)
        {
            if (Conflict(key, grainState.ETag, grainId, out var stored) is { } conflict) return Task.FromException(conflict);
            var version = stored + 1;
            _records[key] = (payload, version);
            grainState.ETag = Etag(version);
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        var key = (grainId.Type, grainId.Key, stateName);
        lock (_records)
        {
            if (Conflict(key, grainState.ETag, grainId, out _) is { } conflict) return Task.FromException(conflict);
            if (_records.TryRemove(key, out var removed)) _cleared[key] = removed.Version;
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredGrainState<TState>> ScanAsync<TState>(string grainType, string stateName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var (key, record) in _records.Where(r => r.Key.Type == grainType && r.Key.State == stateName).ToArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoredGrainState<TState>(new GrainId(key.Type, key.Key), serializer.Deserialize<TState>(record.Payload), Etag(record.Version));
        }
        await Task.CompletedTask;
    }

    // Versions only grow (a clear leaves a tombstone counter), so an ETag from before a clear never matches again.
    private InconsistentStateException? Conflict((string Type, string Key, string State) key, string? expected, GrainId grainId, out long version)
    {
        var stored = _records.TryGetValue(key, out var record) ? Etag(record.Version) : null;
        version = stored is null ? _cleared.GetValueOrDefault(key) : record.Version;
        return stored == expected ? null
            : new InconsistentStateException($"ETag mismatch for {grainId}: stored {stored ?? "none"}, given {expected ?? "none"}.", stored, expected);
    }

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);
}
