using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;

namespace Mobilize.Silo.Hosting;

/// <summary>A clock that runs <see cref="Rate"/> times faster than the wall clock from the moment it is made, so a
/// drill's half-hour of offer deadlines and escalations passes in minutes. Only for drill and demo servers.</summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    public const string ConfigurationKey = "Silo:ClockRate";

    private readonly TimeProvider _wall;
    private readonly DateTimeOffset _start;
    private readonly long _startTimestamp;

    public AcceleratedTimeProvider(double rate, TimeProvider? wall = null)
    {
        if (!(rate >= 1 && rate <= 1000)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The clock rate must be between 1 and 1000.");
        Rate = rate;
        _wall = wall ?? System;
        _start = _wall.GetUtcNow();
        _startTimestamp = _wall.GetTimestamp();
    }

    public double Rate { get; }

    public override DateTimeOffset GetUtcNow() => _start + Elapsed() * Rate;

    public override long GetTimestamp() => _startTimestamp + (long)((_wall.GetTimestamp() - _startTimestamp) * Rate);

    public override long TimestampFrequency => _wall.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _wall.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _wall.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Elapsed() => _wall.GetElapsedTime(_startTimestamp);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / Rate;

    /// <summary>With <c>--clock-rate N</c> (N &gt; 1) the whole server runs on the accelerated clock; it says so loudly.</summary>
    public static IHostApplicationBuilder AddClockRate(IHostApplicationBuilder builder)
    {
        var rate = builder.Configuration.GetValue<double?>(ConfigurationKey) ?? 1;
        if (rate == 1) return builder;
        var clock = new AcceleratedTimeProvider(rate);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(new WallClock(TimeProvider.System));
        builder.Services.AddSingleton(new DrillClock(rate));
        builder.Services.AddHostedService(sp => new ClockRateAnnouncement(clock, sp.GetRequiredService<ILogger<AcceleratedTimeProvider>>()));
        return builder;
    }

    private sealed class ClockRateAnnouncement(AcceleratedTimeProvider clock, ILogger logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("DRILL CLOCK: this server's time runs {Rate}x faster than the wall clock (now {Now:u}). " +
                              "Offer deadlines and service hours are not real; only exercise incidents can be opened.", clock.Rate, clock.GetUtcNow());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
