namespace Mobilize.TestKit;

/// <summary>The manual clock as Orleans' reminder service sees it: the same time, with every timer a millisecond late.</summary>
/// <remarks>The reminder service waits with a loop of <c>Task.Delay</c> until a due time, and its own housekeeping picks
/// due times with sub-millisecond parts. <c>Task.Delay</c> drops the part below a millisecond, so on a clock that only
/// moves when a test advances it the loop is left a fraction short and spins forever. A wall clock moves on; here the
/// extra millisecond lands each wait past its due time. Ticks a millisecond late change nothing an incident decides.</remarks>
internal sealed class ReminderClock(ManualTimeProvider clock) : TimeProvider
{
    private static readonly TimeSpan Late = TimeSpan.FromMilliseconds(1);

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        clock.CreateTimer(callback, state, dueTime > TimeSpan.Zero ? dueTime + Late : dueTime, period);
}
