using System.Collections.Concurrent;

namespace Mobilize.Actors.Scheduling;

/// <summary>Runs one activation's work one item at a time on the thread pool, and is the
/// <see cref="SynchronizationContext"/> while it does.</summary>
/// <remarks>Grain code awaits without ConfigureAwait(false), so every continuation is posted back here: that keeps each
/// turn, and the code after each await, single-threaded, as Orleans' activation scheduler does. A context (rather than a
/// TaskScheduler) lets a request start without allocating a Task.</remarks>
internal sealed class ActivationScheduler(Action<Exception> onFault) : SynchronizationContext, IThreadPoolWorkItem
{
    private const int MaxItemsPerSlice = 128;

    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private int _scheduled;

    public override void Post(SendOrPostCallback d, object? state)
    {
        _queue.Enqueue((d, state));
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    // Blocking a thread until a grain runs the callback invites deadlocks; nothing in the runtime needs it.
    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Grain code cannot be called synchronously.");

    public override SynchronizationContext CreateCopy() => this;

    void IThreadPoolWorkItem.Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            for (var i = 0; i < MaxItemsPerSlice && _queue.TryDequeue(out var item); i++)
            {
                try
                {
                    item.Callback(item.State);
                }
                catch (Exception exception)
                {
                    onFault(exception);
                }
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
            Volatile.Write(ref _scheduled, 0);
        }
        // Yield the thread after a slice so one busy activation cannot starve the others.
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
