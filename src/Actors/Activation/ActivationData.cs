using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mobilize.Actors.Invocation;
using Mobilize.Actors.Persistence;
using Mobilize.Actors.Scheduling;
using Mobilize.Actors.Timers;

namespace Mobilize.Actors.Activation;

/// <summary>One activation: its grain instance, mailbox, turn rules, timers and lifecycle.</summary>
internal sealed partial class ActivationData : IGrainContext
{
    private enum Phase { Created, Activating, Valid, Deactivating, Invalid }

    private readonly object _lock = new();
    private readonly Queue<Request> _pending = new();
    private readonly List<Request> _running = new(1);
    private readonly List<GrainTimer> _timers = [];
    private readonly List<IPersistentStateBinding> _states = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly GrainRuntime _runtime;
    private Phase _phase;
    private object? _grain;
    private bool _deactivateRequested;
    private DeactivationReason _deactivationReason;
    private long _lastActivity;
    private long _keepAliveUntil;

    public ActivationData(GrainRuntime runtime, GrainAddress address)
    {
        _runtime = runtime;
        Address = address;
        Scheduler = new ActivationScheduler(exception => runtime.Logger.LogError(exception, "Unhandled fault in a turn of {GrainId}", address.Id));
        _lastActivity = runtime.Time.GetTimestamp();
    }

    public GrainAddress Address { get; }
    public GrainId GrainId => Address.Id;
    public IGrainFactory GrainFactory => _runtime;
    public IServiceProvider Services => _runtime.Services;
    public ActivationScheduler Scheduler { get; }
    internal TimeProvider Time => _runtime.Time;
    internal Task Deactivated => _deactivated.Task;

    /// <summary>True while nothing is running or waiting: a stateless worker pool prefers such a worker.</summary>
    public bool IsIdle
    {
        get { lock (_lock) return _running.Count == 0 && _pending.Count == 0; }
    }

    public int Load
    {
        get { lock (_lock) return _running.Count + _pending.Count; }
    }

    public void StartActivation()
    {
        lock (_lock) _phase = Phase.Activating;
        Scheduler.Post(static s => _ = ((ActivationData)s!).ActivateAsync(), this);
    }

    /// <summary>Queues a request. False only when this activation is gone and the caller must look again.</summary>
    public bool TryEnqueue(Request request)
    {
        lock (_lock)
        {
            if (_phase == Phase.Invalid) return false;
            if (_phase == Phase.Valid && request.AlwaysInterleave && !_deactivateRequested)
            {
                StartLocked(request);
                return true;
            }
            _pending.Enqueue(request);
            if (_phase == Phase.Valid) PumpLocked();
        }
        var token = request.CancellationToken;
        if (token.CanBeCanceled)
            request.CancellationRegistration = token.Register(static s =>
            {
                var (activation, pending) = ((ActivationData, Request))s!;
                activation.CancelPending(pending);
            }, (this, request));
        return true;
    }

    private void CancelPending(Request request)
    {
        lock (_lock)
        {
            if (!_pending.Contains(request)) return;
            request.TryFail(new OperationCanceledException(request.CancellationToken));
            PurgeCompletedLocked();
            PumpLocked();
        }
    }

    private void PumpLocked()
    {
        while (!_deactivateRequested && _pending.TryPeek(out var next))
        {
            if (next.IsCompleted)
            {
                _pending.Dequeue();
                continue;
            }
            if (!CanStartLocked(next))
            {
                StartWaitingInterleavesLocked();
                break;
            }
            _pending.Dequeue();
            StartLocked(next);
        }
        if (_deactivateRequested && _running.Count == 0 && _phase == Phase.Valid)
        {
            _phase = Phase.Deactivating;
            Scheduler.Post(static s => _ = ((ActivationData)s!).DeactivateAsync(), this);
        }
    }

    // [AlwaysInterleave] requests that arrived while the grain was activating must not wait behind a blocked head.
    private void StartWaitingInterleavesLocked()
    {
        if (!_pending.Any(r => r.AlwaysInterleave)) return;
        var waiting = _pending.ToArray();
        _pending.Clear();
        foreach (var request in waiting)
        {
            if (request.AlwaysInterleave && !request.IsCompleted) StartLocked(request);
            else _pending.Enqueue(request);
        }
    }

    private bool CanStartLocked(Request next)
    {
        if (_running.Count == 0 || Address.Class.IsReentrant || next.AlwaysInterleave) return true;
        if (!next.IsReadOnly) return false;
        foreach (var running in _running)
        {
            if (!running.IsReadOnly) return false;
        }
        return true;
    }

    private void StartLocked(Request request)
    {
        _running.Add(request);
        request.Target = this;
        Scheduler.Post(StartRequest, request);
    }

    private static readonly SendOrPostCallback StartRequest = static s =>
    {
        var request = (Request)s!;
        _ = request.Target!.RunAsync(request);
    };

    private async Task RunAsync(Request request)
    {
        request.CancellationRegistration.Dispose();
        var started = Time.GetTimestamp();
        await request.RunAsync(_grain!);
        var ended = Time.GetTimestamp();
        _runtime.RecordTurn(this, request, started, ended);
        lock (_lock)
        {
            _running.Remove(request);
            if (request.KeepsAlive) _lastActivity = ended;
            PumpLocked();
        }
        request.Complete();
    }

    public void DeactivateOnIdle() => RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle"));

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        var until = Time.GetTimestamp() + (long)(timeSpan.TotalSeconds * Time.TimestampFrequency);
        lock (_lock) _keepAliveUntil = Math.Max(_keepAliveUntil, until);
    }

    public Task RequestDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_phase is Phase.Valid or Phase.Activating && !_deactivateRequested)
            {
                _deactivateRequested = true;
                _deactivationReason = reason;
                if (_phase == Phase.Valid) PumpLocked();
            }
            else if (_phase == Phase.Created)
            {
                return Task.CompletedTask;
            }
        }
        return _deactivated.Task;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock) _timers.Remove(timer);
    }

    internal bool EnqueueTimerTick(Request tick)
    {
        lock (_lock)
        {
            if (_phase is not (Phase.Valid or Phase.Activating) || _deactivateRequested) return false;
        }
        return TryEnqueue(tick);
    }

    public IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, state, options, _lifetime.Token);
        lock (_lock) _timers.Add(timer);
        timer.Start();
        return timer;
    }

    public object GetReference(Type grainInterface) => _runtime.GetReference(grainInterface, GrainId);

    internal ILogger Logger => _runtime.Logger;

    internal void RecordStorage(string operation, TimeSpan elapsed) => _runtime.RecordStorage(operation, elapsed);

    internal void OnStateConflict() =>
        RequestDeactivation(new DeactivationReason(DeactivationReasonCode.InconsistentState, "Stored state changed underneath; reload on next call"));

    internal IGrainStorage ResolveStorage(string? name) =>
        Services.GetKeyedService<IGrainStorage>(name ?? GrainStorageNames.Default)
        ?? throw new InvalidOperationException($"No grain storage named '{name ?? GrainStorageNames.Default}' is registered (grain {GrainId}).");
}
