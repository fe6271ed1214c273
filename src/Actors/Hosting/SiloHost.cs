using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mobilize.Actors.Activation;

namespace Mobilize.Actors.Hosting;

/// <summary>Whether the silo is serving: storage open and start-up tasks done. Readiness probes read it.</summary>
public sealed class SiloStatus
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsStarted => _started.Task.IsCompletedSuccessfully && !IsStopping;

    public bool IsStopping { get; internal set; }

    public Task Started => _started.Task;

    internal void MarkStarted() => _started.TrySetResult();
}

/// <summary>Opens storage, runs start-up tasks, runs the runtime's housekeeping timers, and on stop
/// deactivates every grain before closing storage, so nothing a grain flushes on the way out is lost.</summary>
internal sealed class SiloHost(
    GrainRuntime runtime,
    StorageLifecycles storage,
    IEnumerable<StartupTask> startupTasks,
    IServiceProvider services,
    SiloStatus status,
    TimeProvider time,
    IOptions<ActorRuntimeOptions> options,
    ILogger<SiloHost> logger) : IHostedService
{
    private ITimer? _watchdog;
    private ITimer? _collector;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in storage.All)
            await provider.OpenAsync(cancellationToken);
        foreach (var task in startupTasks)
            await task.Run(services, cancellationToken);
        var o = options.Value;
        _watchdog = time.CreateTimer(_ => Guard(runtime.CheckResponseTimeouts), null, o.ResponseTimeoutCheckPeriod, o.ResponseTimeoutCheckPeriod);
        _collector = time.CreateTimer(_ => Guard(runtime.CollectIdleActivations), null, o.CollectionQuantum, o.CollectionQuantum);
        status.MarkStarted();
        logger.LogInformation("Silo started with {Providers} storage provider(s)", storage.All.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        status.IsStopping = true;
        _watchdog?.Dispose();
        _collector?.Dispose();
        using var deadline = new CancellationTokenSource(options.Value.ShutdownTimeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await runtime.DeactivateAllAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timed out with {Count} activations left", runtime.ActivationCount);
        }
        foreach (var provider in storage.All)
            await provider.CloseAsync(CancellationToken.None);
    }

    private void Guard(Func<int> housekeeping)
    {
        try
        {
            housekeeping();
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Runtime housekeeping failed");
        }
    }
}
