using System.Diagnostics;

namespace Mobilize.Drills.Running;

/// <summary>Drill time: the wall clock since the start, times <see cref="Rate"/>. Matches a server started with
/// <c>--clock-rate</c> of the same rate, so a phone's answer delay and travel time line up with the server's deadlines.</summary>
public sealed class DrillClock(double rate)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public double Rate { get; } = rate >= 1 ? rate : throw new ArgumentOutOfRangeException(nameof(rate), rate, "The time scale must be 1 or more.");

    /// <summary>Drill time since the start.</summary>
    public TimeSpan Now => _watch.Elapsed * Rate;

    /// <summary>Wall time since the start: what latency figures are measured in.</summary>
    public TimeSpan Wall => _watch.Elapsed;

    /// <summary>Starts drill time again from zero, once the phones are listening.</summary>
    public void Restart() => _watch.Restart();

    public Task Delay(TimeSpan drillTime, CancellationToken cancellation) =>
        drillTime <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(drillTime / Rate, cancellation);

    public Task Until(TimeSpan drillTime, CancellationToken cancellation) => Delay(drillTime - Now, cancellation);
}
