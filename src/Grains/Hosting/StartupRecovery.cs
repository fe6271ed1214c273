using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mobilize.Actors;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Hosting;

/// <summary>Start-up work that puts the silo back where it was: the directory refilled from stored teams, and every
/// open incident activated so its offer deadline runs again.</summary>
internal static class StartupRecovery
{
    public static async Task RebuildDirectory(IServiceProvider services, CancellationToken cancellationToken)
    {
        var directory = services.GetRequiredService<IDispatchDirectory>();
        var scanner = services.GetRequiredKeyedService<IGrainStorageScanner>(GrainStorageNames.Default);
        var count = 0;
        await foreach (var stored in scanner.ScanAsync<TeamState?>("team", TeamGrain.StateName, cancellationToken))
        {
            if (stored.State is not { } team) continue;
            directory.Update(TeamGrain.ToCard(TeamId.Create(stored.GrainId.Key), team));
            count++;
        }
        Log(services).LogInformation("Dispatch directory rebuilt with {Teams} teams", count);
    }

    public static async Task WakeOpenIncidents(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scanner = services.GetRequiredKeyedService<IGrainStorageScanner>(GrainStorageNames.Default);
        var grains = services.GetRequiredService<IGrainFactory>();
        var woken = new List<Task>();
        await foreach (var stored in scanner.ScanAsync<IncidentState?>("incident", IncidentGrain.StateName, cancellationToken))
        {
            if (stored.State is { Recruitment.StoodDown: false })
                woken.Add(grains.GetGrain<IIncidentGrain>(stored.GrainId.Key).Wake());
        }
        await Task.WhenAll(woken);
        Log(services).LogInformation("Woke {Incidents} open incidents", woken.Count);
    }

    private static ILogger Log(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupRecovery).FullName!);
}
