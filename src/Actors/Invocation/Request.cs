namespace Mobilize.Actors.Invocation;

/// <summary>One message to an activation: a grain call or a timer tick.</summary>
internal abstract class Request
{
    /// <summary>Set by the runtime when sent; a request still waiting or running past it fails with TimeoutException.</summary>
    public long DeadlineTimestamp { get; set; }

    public long SentTimestamp { get; set; }

    public abstract string Name { get; }

    public abstract bool AlwaysInterleave { get; }

    public abstract bool IsReadOnly { get; }

    /// <summary>Whether a caller waits for it; a request nobody waits for has no response timeout.</summary>
    public virtual bool AwaitsResponse => true;

    /// <summary>Whether running it counts as activity for idle collection.</summary>
    public virtual bool KeepsAlive => true;

    public virtual CancellationToken CancellationToken => default;

    public abstract bool IsCompleted { get; }

    /// <summary>Whether a request left waiting when its activation deactivates goes on to the next activation.</summary>
    public virtual bool ForwardOnDeactivation => true;

    public CancellationTokenRegistration CancellationRegistration { get; set; }

    /// <summary>The activation running it, set when it starts.</summary>
    public Activation.ActivationData? Target { get; set; }

    /// <summary>Runs the request as a turn of <paramref name="grain"/> and keeps its outcome; never throws.</summary>
    public abstract Task RunAsync(object grain);

    /// <summary>Hands the kept outcome to the caller, once the activation has finished its bookkeeping.</summary>
    public virtual void Complete()
    {
    }

    /// <summary>Fails the caller (the work, if running, goes on: exactly what an Orleans timeout does).</summary>
    public abstract bool TryFail(Exception exception);
}

/// <remarks>Callers always resume on the thread pool (or, for a grain caller, on its own activation), never inline on the
/// thread that finished the turn: code outside the silo that blocked after an await would otherwise hold that grain.</remarks>
internal sealed class Request<TResult>(GrainMethod method, Func<object, object?[], Task<TResult>> call, object?[] args) : Request
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _settled;
    private TResult? _result;
    private Exception? _exception;

    public Task<TResult> Task => _completion.Task;

    public GrainMethod Method => method;

    public override string Name => method.Name;

    public override bool AlwaysInterleave => method.AlwaysInterleave;

    public override bool IsReadOnly => method.IsReadOnly;

    public override CancellationToken CancellationToken =>
        method.CancellationTokenIndex >= 0 ? (CancellationToken)args[method.CancellationTokenIndex]! : default;

    public override bool IsCompleted => Volatile.Read(ref _settled) != 0;

    public override async Task RunAsync(object grain)
    {
        try
        {
            _result = await call(grain, args);
        }
        catch (Exception exception)
        {
            _exception = exception;
        }
    }

    public override void Complete()
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0) return;
        Settle(_exception);
    }

    public override bool TryFail(Exception exception)
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0) return false;
        Settle(exception);
        return true;
    }

    private void Settle(Exception? exception)
    {
        if (exception is null) _completion.TrySetResult(_result!);
        else if (exception is OperationCanceledException { CancellationToken.IsCancellationRequested: true } canceled)
            _completion.TrySetCanceled(canceled.CancellationToken);
        else _completion.TrySetException(exception);
    }
}
