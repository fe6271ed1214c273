using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Mobilize.Actors.Hosting;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Notifications;

namespace Mobilize.Grains.Hosting;

public static class MobilizeGrainsExtensions
{
    /// <summary>The Mobilize grains with their silo services (dispatch directory, live feed), options, and start-up
    /// recovery. Needs a default grain storage that can scan (memory, SQLite or PostgreSQL).</summary>
    public static ActorRuntimeBuilder AddMobilizeGrains(this ActorRuntimeBuilder runtime)
    {
        runtime.AddGrains(typeof(MobilizeGrainsExtensions).Assembly);
        var services = runtime.Services;
        services.AddOptions<ReadinessOptions>().BindConfiguration(ReadinessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DispatchOptions>().BindConfiguration(DispatchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IDispatchDirectory>(sp => new DispatchDirectory(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(DrillClock.RealTime);
        services.TryAddSingleton<ILiveFeed>(sp => new LiveFeed(sp.GetRequiredService<ILogger<LiveFeed>>()));
        // The directory first: incidents woken next may search it at once.
        runtime.AddStartupTask(StartupRecovery.RebuildDirectory);
        runtime.AddStartupTask(StartupRecovery.WakeOpenIncidents);
        return runtime;
    }
}
