using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Mobilize.Silo.Hosting;

/// <summary>Orleans reads a clock per area. Grain timers follow the domain clock (a drill clock, a test's manual
/// clock); membership, messaging and the runtime's own housekeeping stay on the wall clock, so a fast or stopped
/// domain clock never votes a silo dead or times out a call.</summary>
public static class SiloClocks
{
    private static readonly string[] RuntimeAreas =
    [
        TimeProviderNames.Messaging, TimeProviderNames.Membership, TimeProviderNames.SystemTimers,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory,
    ];

    public static IServiceCollection PinRuntimeToWallClock(IServiceCollection services)
    {
        foreach (var area in RuntimeAreas) services.AddKeyedSingleton(area, TimeProvider.System);
        return services;
    }
}
