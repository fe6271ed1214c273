using System.Runtime.CompilerServices;
using Mobilize.Actors.Invocation;

namespace Mobilize.Actors.Activation;

/// <summary>What the runtime's periodic checks ask of an activation: idle collection and response timeouts.</summary>
internal sealed partial class ActivationData
{
    /// <summary>Starts deactivation when idle past its collection age; returns whether it did.</summary>
    public bool CollectIfIdle(long now, long ageTicks)
    {
        lock (_lock)
        {
            if (_phase != Phase.Valid || _deactivateRequested || _running.Count > 0 || _pending.Count > 0) return false;
            if (now - _lastActivity < ageTicks || now < _keepAliveUntil) return false;
        }
        RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, "Idle past its collection age"));
        return true;
    }

    /// <summary>Fails callers whose deadline passed: waiting requests leave the queue, running ones go on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int FailOverdue(long now)
    {
        // Read without the lock first: the scan visits every activation every second and nearly all are idle. A request
        // that arrives meanwhile is fresh, so missing it until the next scan loses nothing.
        if (_pending.Count == 0 && _running.Count == 0) return 0;
        var failed = 0;
        lock (_lock)
        {
            foreach (var request in _pending)
                if (request.DeadlineTimestamp < now && request.TryFail(Overdue(request))) failed++;
            foreach (var request in _running)
                if (request.DeadlineTimestamp < now && request.TryFail(Overdue(request))) failed++;
            if (failed > 0)
            {
                PurgeCompletedLocked();
                PumpLocked();
            }
        }
        return failed;
    }

    private TimeoutException Overdue(Request request) =>
        new($"Response did not arrive on time for {request.Name} on {GrainId} (response timeout {_runtime.Options.ResponseTimeout}).");

    private void PurgeCompletedLocked()
    {
        var keep = _pending.Where(r => !r.IsCompleted).ToArray();
        _pending.Clear();
        foreach (var request in keep) _pending.Enqueue(request);
    }
}
