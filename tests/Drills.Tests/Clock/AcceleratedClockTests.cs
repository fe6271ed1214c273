using Mobilize.Silo.Hosting;
using Mobilize.TestKit;

namespace Mobilize.Drills.Tests.Clock;

public sealed class AcceleratedClockTests
{
    [Fact]
    public void A_drill_clock_at_rate_ten_moves_ten_seconds_for_every_wall_second()
    {
        var wall = new ManualTimeProvider(new DateTimeOffset(2026, 7, 20, 0, 0, 0, TimeSpan.Zero));
        var clock = new AcceleratedTimeProvider(10, wall);
        var start = clock.GetUtcNow();
        var stamp = clock.GetTimestamp();

        wall.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(start + TimeSpan.FromSeconds(30), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(30), clock.GetElapsedTime(stamp));
    }

    [Fact]
    public void An_offer_deadline_of_two_minutes_fires_after_twelve_wall_seconds_at_rate_ten()
    {
        var wall = new ManualTimeProvider(new DateTimeOffset(2026, 7, 20, 0, 0, 0, TimeSpan.Zero));
        var clock = new AcceleratedTimeProvider(10, wall);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);

        wall.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(0, fired);
        wall.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0)]
    [InlineData(5000)]
    public void A_rate_below_one_or_absurdly_high_is_refused(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AcceleratedTimeProvider(rate));
}
