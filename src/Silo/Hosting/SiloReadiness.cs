using Orleans;
using Orleans.Runtime;

namespace Mobilize.Silo.Hosting;

/// <summary>Whether the silo is serving: storage open and start-up recovery done, and not yet stopping. Readiness
/// probes and the Api's gate read it.</summary>
public sealed class SiloReadiness : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    public bool IsStarted => _started.Task.IsCompletedSuccessfully && !_stopping;

    public bool IsStopping => _stopping;

    public Task Started => _started.Task;

    internal void MarkStarted() => _started.TrySetResult();

    internal void MarkStopping() => _stopping = true;

    // The first stage to stop, so the gate closes before any grain is deactivated.
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloReadiness), ServiceLifecycleStage.Last, _ => Task.CompletedTask, _ =>
        {
            MarkStopping();
            return Task.CompletedTask;
        });
}
