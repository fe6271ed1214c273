using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mobilize.Silo.Hosting;

namespace Mobilize.Silo.Operations;

/// <summary>Starts the dashboard's hosted service once the silo serves. The host starts its services concurrently (so
/// probes answer during recovery), and the dashboard's start-up grain calls would otherwise run before the silo can place
/// grains: errors in the log at every start, and an empty dashboard until someone first opens it.</summary>
public sealed class DeferredDashboardStart(IHostedService dashboard, SiloReadiness silo) : IHostedService, IAsyncDisposable
{
    // The package's own type; should a later version rename it, the dashboard simply starts as the package registers it.
    private const string DashboardHostType = "Orleans.Dashboard.DashboardHost";

    private readonly CancellationTokenSource _stopping = new();
    private Task? _started;

    public static void Replace(IServiceCollection services)
    {
        var registered = services.FirstOrDefault(d => d.ServiceType == typeof(IHostedService) && !d.IsKeyedService && CreatedType(d) == DashboardHostType);
        if (registered is null) return;
        services.Remove(registered);
        var create = registered.ImplementationFactory ?? (sp => ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!));
        services.AddHostedService(sp => new DeferredDashboardStart((IHostedService)create(sp), sp.GetRequiredService<SiloReadiness>()));
    }

    // A factory keeps the type it returns in its delegate type (Func<IServiceProvider, DashboardHost>).
    private static string? CreatedType(ServiceDescriptor descriptor) =>
        (descriptor.ImplementationType ?? descriptor.ImplementationFactory?.GetType().GenericTypeArguments.LastOrDefault())?.FullName;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = StartWhenServing();
        return Task.CompletedTask;
    }

    private async Task StartWhenServing()
    {
        await silo.Started.WaitAsync(_stopping.Token);
        await dashboard.StartAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_started is { } started) await started.ContinueWith(_ => { }, TaskScheduler.Default);
        await dashboard.StopAsync(cancellationToken);
    }

    // The token source is not disposed: the host may stop this service after disposing it (seen when a test host is
    // torn down mid-start), and one without a timer holds nothing that needs freeing.
    public async ValueTask DisposeAsync()
    {
        if (dashboard is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }
}
