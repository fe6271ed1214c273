using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Mobilize.Grains.Hosting;
using Mobilize.Silo.Idempotency;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Mobilize.Silo.Hosting;

/// <summary>One definition of a Mobilize silo, shared by the co-hosted Api, a silo-only process and the test cluster.</summary>
public static class MobilizeSiloBuilderExtensions
{
    /// <summary>The grains' services and options, Orleans' reminder service, and start-up recovery. Needs a default
    /// grain storage that can also scan (<see cref="IStoredStateScanner"/>): see
    /// <see cref="Storage.StorageServiceCollectionExtensions"/>; and a reminder table: see
    /// <see cref="Reminders.ReminderTableRegistration"/>.</summary>
    public static ISiloBuilder AddMobilizeGrains(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddMobilizeGrainServices();
        // Incidents hold a reminder while an offer deadline is pending, so a lost activation still times out its offers.
        silo.AddReminders();
        silo.AddIncomingGrainCallFilter<StoreFailureDeactivation>();
        services.TryAddSingleton<SiloReadiness>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, LostSiloRecovery>();
        // One task, so the steps run in order: Orleans starts the tasks of one stage together.
        silo.AddStartupTask(RecoverAsync);
        return silo;
    }

    private static async Task RecoverAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // The journal opens before recovery, so nothing can answer a request before retries can be recognised.
        if (services.GetService<IIdempotencyStore>() is { } journal) await journal.OpenAsync(cancellationToken);
        // The directory first: incidents woken next may search it at once.
        await StartupRecovery.RebuildDirectory(services, cancellationToken);
        await StartupRecovery.WakeOpenIncidents(services, cancellationToken);
        foreach (var step in services.GetServices<ReadinessStep>()) await step.Run(services, cancellationToken);
        services.GetRequiredService<SiloReadiness>().MarkStarted();
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MobilizeSiloBuilderExtensions).FullName!)
            .LogInformation("Silo ready");
    }
}

/// <summary>Work a host adds that must finish before the silo reports ready (the Api loads revoked tokens, so no
/// request is ever let in unchecked).</summary>
public sealed record ReadinessStep(Func<IServiceProvider, CancellationToken, Task> Run);
