using Microsoft.Extensions.Logging;
using Mobilize.Actors.Activation;
using Mobilize.Actors.Invocation;

namespace Mobilize.Actors.Timers;

/// <summary>A one-shot <see cref="ITimer"/> re-armed after each callback, so the next period starts when the callback ends.</summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _owner;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly CancellationToken _lifetime;
    private readonly ITimer _timer;
    private GrainTimerCreationOptions _options;
    private volatile bool _disposed;

    public GrainTimer(ActivationData owner, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options, CancellationToken lifetime)
    {
        _owner = owner;
        _callback = callback;
        _state = state;
        _options = options;
        _lifetime = lifetime;
        _timer = owner.Time.CreateTimer(static s => ((GrainTimer)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    internal GrainTimerCreationOptions Options => _options;

    public void Start() => _timer.Change(_options.DueTime, Timeout.InfiniteTimeSpan);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _options = _options with { DueTime = dueTime, Period = period };
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    private void OnDue()
    {
        if (_disposed) return;
        _owner.EnqueueTimerTick(new TimerTick(this).Init());
    }

    internal async Task RunCallbackAsync()
    {
        if (_disposed) return;
        try
        {
            await _callback(_state, _lifetime);
        }
        catch (Exception exception) when (!_lifetime.IsCancellationRequested)
        {
            _owner.Logger.LogError(exception, "Grain timer callback failed on {GrainId}", _owner.GrainId);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (!_disposed && _options.Period > TimeSpan.Zero && _options.Period != Timeout.InfiniteTimeSpan)
            _timer.Change(_options.Period, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _timer.Dispose();
        _owner.RemoveTimer(this);
    }

    /// <summary>A timer callback delivered to the activation like any other message.</summary>
    private sealed class TimerTick(GrainTimer timer) : Request
    {
        private volatile bool _done;

        // Timer ticks have no caller waiting, so no response timeout applies.
        public TimerTick Init()
        {
            DeadlineTimestamp = long.MaxValue;
            return this;
        }

        public override string Name => "timer";
        public override bool AlwaysInterleave => timer._options.Interleave;
        public override bool IsReadOnly => false;
        public override bool KeepsAlive => timer._options.KeepAlive;
        public override bool IsCompleted => _done;
        public override bool ForwardOnDeactivation => false;

        public override async Task RunAsync(object grain)
        {
            try
            {
                await timer.RunCallbackAsync();
            }
            finally
            {
                _done = true;
            }
        }

        public override bool TryFail(Exception exception) => false;
    }
}
