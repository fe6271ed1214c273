using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Mobilize.Grains.Hosting;
using Mobilize.Silo.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Mobilize.TestKit;

/// <summary>Grain storage in memory with the contract of the project's providers: JSON payloads, integer ETags, a stale
/// ETag refused, and a scan for start-up recovery. One instance can outlive a test cluster, as a database outlives a crash.</summary>
public sealed class InMemoryGrainStorage(IStateSerializer? serializer = null) : IGrainStorage, IStoredStateScanner
{
    private readonly IStateSerializer _serializer = serializer ?? new JsonStateSerializer();
    private readonly ConcurrentDictionary<(string Type, string Key, string State), (long Version, byte[] Payload)> _rows = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_rows.TryGetValue(Row(stateName, grainId), out var row))
        {
            grainState.State = _serializer.Deserialize<T>(row.Payload);
            grainState.ETag = Format(row.Version);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Row(stateName, grainId);
        var payload = _serializer.Serialize(grainState.State);
        lock (_rows)
        {
            var stored = _rows.TryGetValue(key, out var row) ? Format(row.Version) : null;
            if (stored != grainState.ETag) throw new InconsistentStateException($"ETag mismatch on {key}", stored, grainState.ETag);
            var version = row.Version + 1;
            _rows[key] = (version, payload);
            grainState.ETag = Format(version);
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = Row(stateName, grainId);
        lock (_rows)
        {
            var stored = _rows.TryGetValue(key, out var row) ? Format(row.Version) : null;
            if (stored != grainState.ETag) throw new InconsistentStateException($"ETag mismatch on {key}", stored, grainState.ETag);
            _rows.TryRemove(key, out _);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredGrainState<TState>> ScanAsync<TState>(string grainType, string stateName,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var (key, row) in _rows.Where(r => r.Key.Type == grainType && r.Key.State == stateName).ToArray())
            yield return new StoredGrainState<TState>(key.Key, _serializer.Deserialize<TState>(row.Payload), Format(row.Version));
    }

    /// <summary>What the store holds now, as a separate store: a world started on it sees what a crash at this moment
    /// would have left, whatever the old world writes while it shuts down.</summary>
    public InMemoryGrainStorage Snapshot()
    {
        var copy = new InMemoryGrainStorage(_serializer);
        lock (_rows)
            foreach (var (key, row) in _rows) copy._rows[key] = row;
        return copy;
    }

    private static (string, string, string) Row(string stateName, GrainId grainId) => (grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
