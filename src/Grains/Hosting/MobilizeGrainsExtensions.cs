using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Dispatch.Replication;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Notifications;
using Orleans.Hosting;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Hosting;

public static class MobilizeGrainsExtensions
{
    /// <summary>The services the Mobilize grains take in their constructors (dispatch directory and its replication, live feed, drill clock)
    /// and their options. The silo adds the grains themselves, storage and start-up recovery (see <c>Mobilize.Silo</c>).</summary>
    public static IServiceCollection AddMobilizeGrainServices(this IServiceCollection services)
    {
        services.AddOptions<ReadinessOptions>().BindConfiguration(ReadinessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        WallClock.AddDefault(services);
        // One replica per silo, kept in step with the others' by a grain service (see DirectoryReplicator).
        services.TryAddSingleton<DirectoryReplicator>();
        services.TryAddSingleton(sp => new DispatchDirectory(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DirectoryReplicator>()));
        services.TryAddSingleton<IDispatchDirectory>(sp => sp.GetRequiredService<DispatchDirectory>());
        services.AddGrainService<DirectoryReplicaService>();
        services.TryAddSingleton(DrillClock.RealTime);
        services.TryAddSingleton<ILiveFeed>(sp => new LiveFeed(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<ILogger<LiveFeed>>()));
        services.TryAddSingleton<LiveFeedRelay>();
        services.TryAddSingleton<ILiveFeedRelay>(sp => sp.GetRequiredService<LiveFeedRelay>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LiveFeedRelay>());
        return services;
    }
}
