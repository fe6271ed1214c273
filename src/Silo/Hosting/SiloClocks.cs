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

    public static IServiceCollection Configure(IServiceCollection services)
    {
        foreach (var area in RuntimeAreas) services.AddKeyedSingleton(area, TimeProvider.System);
        services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, (sp, _) => new ReminderClock(sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The domain clock as Orleans' reminder service sees it: the same time, with every timer a millisecond late.</summary>
    /// <remarks>The reminder service waits for a due time with a loop of <c>Task.Delay</c>, and its housekeeping picks due
    /// times with sub-millisecond parts. <c>Task.Delay</c> drops the part below a millisecond, so on a clock that moves
    /// only when told (a test's manual clock, a paused drill) the loop is left a fraction short and spins forever; the
    /// wall clock moves on by itself. The extra millisecond lands each wait past its due time; a tick a millisecond
    /// late changes nothing an incident decides.</remarks>
    private sealed class ReminderClock(TimeProvider domain) : TimeProvider
    {
        private static readonly TimeSpan Late = TimeSpan.FromMilliseconds(1);

        public override DateTimeOffset GetUtcNow() => domain.GetUtcNow();

        public override long GetTimestamp() => domain.GetTimestamp();

        public override long TimestampFrequency => domain.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => domain.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            domain.CreateTimer(callback, state, dueTime > TimeSpan.Zero ? dueTime + Late : dueTime, period);
    }
}
