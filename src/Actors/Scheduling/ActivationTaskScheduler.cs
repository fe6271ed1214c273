using System.Collections.Concurrent;

namespace Mobilize.Actors.Scheduling;

/// <summary>Runs one activation's work one item at a time on the thread pool.</summary>
/// <remarks>Grain code awaits without ConfigureAwait(false), so its continuations come back here through
/// TaskScheduler.Current: that is what keeps every turn, and the code after each await, single-threaded.</remarks>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    private const int MaxItemsPerSlice = 128;

    [ThreadStatic] private static ActivationTaskScheduler? _running;

    private readonly ConcurrentQueue<Task> _queue = new();
    private int _scheduled;

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>True on the thread currently running this scheduler's work.</summary>
    public bool IsCurrent => ReferenceEquals(_running, this);

    protected override void QueueTask(Task task)
    {
        _queue.Enqueue(task);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    // Inlining is safe only inside our own slice, where we already hold the activation's one thread.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        !taskWasPreviouslyQueued && IsCurrent && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    void IThreadPoolWorkItem.Execute()
    {
        var previous = _running;
        _running = this;
        try
        {
            for (var i = 0; i < MaxItemsPerSlice && _queue.TryDequeue(out var task); i++)
                TryExecuteTask(task);
        }
        finally
        {
            _running = previous;
            Volatile.Write(ref _scheduled, 0);
        }
        // Yield the thread after a slice so one busy activation cannot starve the others.
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }
}
