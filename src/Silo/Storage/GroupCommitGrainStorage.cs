using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mobilize.Grains.Hosting;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Mobilize.Silo.Storage;

/// <summary>A row as a provider returns it, before the payload is turned back into state.</summary>
public readonly record struct StoredRow(string GrainKey, long Version, byte[] Payload);

/// <summary>
/// The part every durable provider shares: ETag handling on the caller's side, and one writer that takes
/// every pending write and clear into one transaction, so that many grains pay for one fsync together.
/// A caller's task completes only after the transaction that holds its write committed.
/// </summary>
public abstract class GroupCommitGrainStorage : IGrainStorage, IStoredStateScanner, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable, IDisposable
{
    private readonly Channel<StorageOperation> _queue = Channel.CreateUnbounded<StorageOperation>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly Lock _gate = new();
    private readonly int _maxBatchSize;
    private Task? _open;
    private Task? _writer;
    private Task? _close;
    private long _committedBatches;
    private long _committedOperations;

    protected GroupCommitGrainStorage(string providerName, IStateSerializer serializer, TimeProvider timeProvider, int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ProviderName = providerName;
        Serializer = serializer;
        Time = timeProvider;
        _maxBatchSize = maxBatchSize;
    }

    /// <summary>Where a failure of the store is logged in full; callers get a <see cref="StoreUnavailableException"/>.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>The <c>provider</c> tag on the latency histogram.</summary>
    public string ProviderName { get; }

    /// <summary>Transactions the writer committed; fewer than <see cref="CommittedOperations"/> means writes were grouped.</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>Writes and clears (conflicting ones included) that were part of a committed transaction.</summary>
    public long CommittedOperations => Interlocked.Read(ref _committedOperations);

    protected IStateSerializer Serializer { get; }

    protected TimeProvider Time { get; }

    public Task OpenAsync(CancellationToken cancellationToken) => EnsureOpenAsync(cancellationToken);

    /// <summary>Opens with the silo's storage services and closes only after every grain has been deactivated (the
    /// silo stops its stages in reverse), so what a grain writes on its way out is committed.</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{GetType().Name}-{ProviderName}", ServiceLifecycleStage.ApplicationServices, OpenAsync, CloseAsync);

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        try
        {
            await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
            StoredRow? row;
            try
            {
                row = await ReadRowAsync(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Data.Common.DbException exception)
            {
                throw Unavailable("read", grainId, exception);
            }
            if (row is { } found)
            {
                grainState.State = Serializer.Deserialize<TState>(found.Payload);
                grainState.ETag = StorageOperation.FormatVersion(found.Version);
                grainState.RecordExists = true;
            }
            else
            {
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        }
        finally
        {
            StorageMetrics.RecordLatency(ProviderName, "read", Time.GetElapsedTime(started));
        }
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        try
        {
            await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
            // Serialising here spreads that work over the callers instead of loading it on the single writer.
            var payload = Serializer.Serialize(grainState.State);
            var version = await SubmitAsync(new StorageOperation(StorageOperationKind.Write, grainId.Type.ToString()!, grainId.Key.ToString()!, stateName, grainState.ETag, payload), cancellationToken).ConfigureAwait(false);
            grainState.ETag = StorageOperation.FormatVersion(version);
            grainState.RecordExists = true;
        }
        finally
        {
            StorageMetrics.RecordLatency(ProviderName, "write", Time.GetElapsedTime(started));
        }
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        try
        {
            await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
            await SubmitAsync(new StorageOperation(StorageOperationKind.Clear, grainId.Type.ToString()!, grainId.Key.ToString()!, stateName, grainState.ETag, null), cancellationToken).ConfigureAwait(false);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        finally
        {
            StorageMetrics.RecordLatency(ProviderName, "clear", Time.GetElapsedTime(started));
        }
    }

    public async IAsyncEnumerable<StoredGrainState<TState>> ScanAsync<TState>(string grainType, string stateName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in ScanRowsAsync(grainType, stateName, cancellationToken).ConfigureAwait(false))
            yield return new StoredGrainState<TState>(row.GrainKey, Serializer.Deserialize<TState>(row.Payload), StorageOperation.FormatVersion(row.Version)!);
    }

    public Task CloseAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            _close ??= CloseOnceAsync();
        return _close.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(CancellationToken.None).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Creates the schema and opens what the writer needs. Called once, before the writer starts.</summary>
    protected abstract Task OpenCoreAsync(CancellationToken cancellationToken);

    protected abstract ValueTask<StoredRow?> ReadRowAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken);

    protected abstract IAsyncEnumerable<StoredRow> ScanRowsAsync(string grainType, string stateName, CancellationToken cancellationToken);

    /// <summary>Applies the batch in order in ONE transaction and commits it, recording on each operation
    /// its new version or its conflict. Runs on the writer thread only. Throws when nothing was committed.</summary>
    protected abstract void CommitBatch(IReadOnlyList<StorageOperation> batch);

    /// <summary>Releases connections; every pending write has been committed or failed by then.</summary>
    protected abstract ValueTask CloseCoreAsync();

    private Task EnsureOpenAsync(CancellationToken cancellationToken)
    {
        var open = _open;
        if (open is { IsCompletedSuccessfully: true } && _close is null)
            return Task.CompletedTask;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_close is not null, this);
            // A failed open (database not there yet) is retried by the next caller rather than cached forever.
            if (_open is null || _open.IsFaulted || _open.IsCanceled)
                _open = OpenOnceAsync();
            return _open.WaitAsync(cancellationToken);
        }
    }

    private async Task OpenOnceAsync()
    {
        await OpenCoreAsync(CancellationToken.None).ConfigureAwait(false);
        // Commits block on fsync; a thread of its own keeps that off the thread pool.
        _writer = Task.Factory.StartNew(WriterLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private Task<long?> SubmitAsync(StorageOperation operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(operation))
            throw new ObjectDisposedException(GetType().Name, "The storage provider is closing and accepts no more writes.");
        // Once queued the write may commit at any moment, so the caller keeps waiting for the outcome:
        // giving up early would leave its ETag behind the stored one.
        return operation.Completion;
    }

    private void WriterLoop()
    {
        var reader = _queue.Reader;
        var batch = new List<StorageOperation>(_maxBatchSize);
        while (WaitForWork(reader))
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var operation))
                batch.Add(operation);
            var started = Time.GetTimestamp();
            try
            {
                CommitBatch(batch);
                Interlocked.Increment(ref _committedBatches);
                Interlocked.Add(ref _committedOperations, batch.Count);
                StorageMetrics.RecordLatency(ProviderName, "commit", Time.GetElapsedTime(started));
                StorageMetrics.BatchSize.Record(batch.Count, new KeyValuePair<string, object?>("provider", ProviderName));
                foreach (var operation in batch)
                    operation.Complete();
            }
            catch (Exception exception)
            {
                foreach (var operation in batch)
                    operation.Fail(exception is System.Data.Common.DbException
                        ? Unavailable(operation.Kind.ToString().ToLowerInvariant(), operation.GrainType, operation.GrainKey, exception)
                        : exception);
            }
            batch.Clear();
        }
    }

    private StoreUnavailableException Unavailable(string operation, GrainId grainId, Exception exception) =>
        Unavailable(operation, grainId.Type.ToString()!, grainId.Key.ToString()!, exception);

    private StoreUnavailableException Unavailable(string operation, string grainType, string grainKey, Exception exception)
    {
        var failure = new StoreUnavailableException($"The {ProviderName} store failed a {operation} of {grainType}/{grainKey}; try again.");
        Logger.LogError(exception, "Store {Provider} failed a {Operation} of {GrainType}", ProviderName, operation, grainType);
        return failure;
    }

    private static bool WaitForWork(ChannelReader<StorageOperation> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private async Task CloseOnceAsync()
    {
        _queue.Writer.TryComplete();
        var open = _open;
        if (open is not null)
        {
            try
            {
                await open.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // An open that failed started no writer and holds nothing but what CloseCoreAsync releases.
            }
        }
        if (_writer is { } writer)
            await writer.ConfigureAwait(false);
        await CloseCoreAsync().ConfigureAwait(false);
    }

}
