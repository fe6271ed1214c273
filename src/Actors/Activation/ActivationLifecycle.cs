using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mobilize.Actors.Invocation;
using Mobilize.Actors.Persistence;

namespace Mobilize.Actors.Activation;

internal sealed partial class ActivationData
{
    // Runs as the activation's first turn, so OnActivateAsync's continuations stay on its scheduler.
    private async Task ActivateAsync()
    {
        try
        {
            _grain = CreateGrain();
            foreach (var state in _states)
                await state.ReadAsync(_lifetime.Token);
            await ((Grain)_grain).OnActivateAsync(_lifetime.Token);
        }
        catch (Exception exception)
        {
            FailActivation(exception);
            return;
        }
        _runtime.OnActivated(this);
        lock (_lock)
        {
            _phase = Phase.Valid;
            _lastActivity = Time.GetTimestamp();
            PumpLocked();
        }
    }

    private void FailActivation(Exception exception)
    {
        Request[] waiting;
        lock (_lock)
        {
            _phase = Phase.Invalid;
            waiting = [.. _pending];
            _pending.Clear();
        }
        DisposeTimers();
        _runtime.OnActivationFailed(this, exception);
        foreach (var request in waiting)
            request.TryFail(exception);
        _deactivated.TrySetResult();
    }

    private async Task DeactivateAsync()
    {
        DisposeTimers();
        try
        {
            await ((Grain)_grain!).OnDeactivateAsync(_deactivationReason, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Logger.LogError(exception, "OnDeactivateAsync failed for {GrainId}", GrainId);
        }
        Request[] leftovers;
        lock (_lock)
        {
            _phase = Phase.Invalid;
            leftovers = [.. _pending];
            _pending.Clear();
        }
        _lifetime.Dispose();
        _runtime.OnDeactivated(this, _deactivationReason);
        foreach (var request in leftovers)
        {
            if (request.IsCompleted) continue;
            if (request.ForwardOnDeactivation) _runtime.Deliver(Address, request);
        }
        _deactivated.TrySetResult();
    }

    private void DisposeTimers()
    {
        GrainTimerList().ForEach(t => t.Dispose());
        if (!_lifetime.IsCancellationRequested) _lifetime.Cancel();
    }

    private List<Timers.GrainTimer> GrainTimerList()
    {
        lock (_lock) return [.. _timers];
    }

    private object CreateGrain()
    {
        var parameters = Address.Class.Parameters;
        var arguments = new object?[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (parameter.State is { } state)
            {
                var binding = PersistentStateBinding.Create(parameter.Type.GetGenericArguments()[0], this, state.StateName, ResolveStorage(state.StorageName));
                _states.Add(binding);
                arguments[i] = binding;
            }
            else
            {
                arguments[i] = parameter.Type == typeof(IGrainFactory) ? _runtime : Services.GetRequiredService(parameter.Type);
            }
        }
        GrainContextScope.Constructing = this;
        try
        {
            return Address.Class.Constructor.Invoke(arguments);
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(wrapped.InnerException).Throw();
            throw;
        }
        finally
        {
            GrainContextScope.Constructing = null;
        }
    }
}
