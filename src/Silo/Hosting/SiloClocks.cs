using Microsoft.Extensions.DependencyInjection;
using Orleans.Reminders;
using Orleans.Runtime;

namespace Mobilize.Silo.Hosting;

/// <summary>Orleans reads a clock per area. Grain timers and reminders follow the domain clock (a drill clock, a test's
/// manual clock); membership, messaging and the runtime's own housekeeping stay on the wall clock, so a fast or stopped
/// domain clock never votes a silo dead or times out a call.</summary>
/// <remarks>Reminders stand behind offer deadlines, which are domain time: on a drill clock a reminder on the wall clock
/// would come up to the rate times too late to matter, and a test could not make one fire without waiting a minute.</remarks>
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
        services.AddKeyedSingleton(ReminderTimeProviderNames.Reminders, (sp, _) => sp.GetRequiredService<TimeProvider>());
        return services;
    }
}
