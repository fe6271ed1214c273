using System.Threading.Channels;

namespace Mobilize.Silo.Idempotency;

/// <summary>The queue both journals share: saves wait in a channel, and one writer commits whatever has queued while
/// the previous commit ran, up to <see cref="MaxBatch"/>, so concurrent requests share one commit.</summary>
internal sealed class IdempotencyGroupCommit(Func<List<IdempotencyRecord>, Task<IdempotencyRecord[]>> commit)
{
    public const int MaxBatch = 256;
    public const int PurgeSlice = 1_000;

    private readonly Channel<(IdempotencyRecord Record, TaskCompletionSource<IdempotencyRecord> Done)> _saves =
        Channel.CreateUnbounded<(IdempotencyRecord, TaskCompletionSource<IdempotencyRecord>)>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;

    public void Start() => _writer ??= Task.Run(WriteLoopAsync, CancellationToken.None);

    /// <summary>Queues a save; not cancellable once queued, since the response it records may already be on its way.</summary>
    public Task<IdempotencyRecord> Enqueue(IdempotencyRecord record)
    {
        var done = new TaskCompletionSource<IdempotencyRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_saves.Writer.TryWrite((record, done)))
            done.SetException(new InvalidOperationException("The idempotency store is closed."));
        return done.Task;
    }

    /// <summary>Stops taking saves and waits until every queued one is committed.</summary>
    public async Task CompleteAsync()
    {
        _saves.Writer.TryComplete();
        if (_writer is not null) await _writer;
    }

    /// <summary>Runs <paramref name="slice"/> (which deletes at most <see cref="PurgeSlice"/> rows) until a slice comes back short.</summary>
    public static async Task<int> PurgeInSlices(Func<Task<int>> slice)
    {
        var total = 0;
        while (true)
        {
            var removed = await slice();
            total += removed;
            if (removed < PurgeSlice) return total;
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(IdempotencyRecord Record, TaskCompletionSource<IdempotencyRecord> Done)>(MaxBatch);
        while (await _saves.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _saves.Reader.TryRead(out var save)) batch.Add(save);
            try
            {
                var results = await commit(batch.ConvertAll(b => b.Record));
                for (var i = 0; i < batch.Count; i++) batch[i].Done.SetResult(results[i]);
            }
            catch (Exception exception)
            {
                foreach (var (_, done) in batch) done.TrySetException(exception);
            }
        }
    }
}
