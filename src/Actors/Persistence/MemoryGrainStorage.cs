using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Mobilize.Actors.Persistence;

/// <summary>Grain storage in process memory, for tests. Stores serialized bytes so a grain never shares an object with storage.</summary>
public sealed class MemoryGrainStorage(IGrainStorageSerializer serializer) : IGrainStorage, IGrainStorageScanner
{
    private readonly ConcurrentDictionary<(string Type, string Key, string State), (byte[] Payload, long Version)> _records = new();

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
            var version = CheckEtag(key, grainState.ETag, grainId) + 1;
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
            CheckEtag(key, grainState.ETag, grainId);
            _records.TryRemove(key, out _);
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

    private long CheckEtag((string Type, string Key, string State) key, string? expected, GrainId grainId)
    {
        var stored = _records.TryGetValue(key, out var record) ? Etag(record.Version) : null;
        if (stored != expected)
            throw new InconsistentStateException($"ETag mismatch for {grainId}: stored {stored ?? "none"}, given {expected ?? "none"}.", stored, expected);
        return stored is null ? 0 : record.Version;
    }

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);
}
