namespace Mobilize.Actors.Tests.Timers;

public sealed class TimerTests
{
    [Fact]
    public async Task timer_fires_after_its_due_time_and_then_every_period()
    {
        await using var cluster = await Cluster.StartAsync();
        var siren = cluster.GrainFactory.GetGrain<ISirenGrain>(Cluster.Key());
        await siren.Arm(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), keepAlive: false, holdEachTick: false);

        cluster.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await siren.Ticks());
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await Cluster.Until(async () => await siren.Ticks() == 1);
        cluster.Clock.Advance(TimeSpan.FromSeconds(5));
        await Cluster.Until(async () => await siren.Ticks() == 2);
    }

    [Fact]
    public async Task next_period_starts_only_after_the_callback_completes()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();
        var siren = cluster.GrainFactory.GetGrain<ISirenGrain>(key);
        await siren.Arm(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), keepAlive: false, holdEachTick: true);
        var gate = SirenGrain.TickGates.GetOrAdd(key, _ => new SemaphoreSlim(0));

        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        cluster.Clock.Advance(TimeSpan.FromSeconds(10)); // the first callback is held: a periodic timer would queue ten more ticks
        gate.Release();
        Assert.Equal(1, await siren.Ticks()); // queued behind anything the timer had queued
        gate.Release();
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await Cluster.Until(async () => await siren.Ticks() == 2);
    }

    [Fact]
    public async Task timer_without_keep_alive_does_not_keep_an_idle_grain_alive()
    {
        await using var cluster = await Cluster.StartAsync(r => r.Configure(o => o.CollectionQuantum = TimeSpan.FromSeconds(30)));
        var siren = cluster.GrainFactory.GetGrain<ISirenGrain>(Cluster.Key());
        await siren.Arm(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), keepAlive: false, holdEachTick: false);

        await AdvanceQuietly(cluster, TimeSpan.FromMinutes(3)); // collection age of SirenGrain is 2 minutes

        await Cluster.Until(() => Task.FromResult(cluster.Runtime.CountActivations("siren") == 0));
    }

    [Fact]
    public async Task keep_alive_timer_keeps_an_idle_grain_alive()
    {
        await using var cluster = await Cluster.StartAsync(r => r.Configure(o => o.CollectionQuantum = TimeSpan.FromSeconds(30)));
        var key = Cluster.Key();
        var siren = cluster.GrainFactory.GetGrain<ISirenGrain>(key);
        await siren.Arm(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), keepAlive: true, holdEachTick: false);

        await AdvanceQuietly(cluster, TimeSpan.FromMinutes(6));

        Assert.Equal(1, cluster.Runtime.CountActivations("siren"));
        Assert.True(SirenGrain.TickCounts[key] >= 17);
    }

    /// <summary>Moves the clock in small steps, letting each timer callback finish (and re-arm) before the next step,
    /// without calling the grain, since a call would itself count as activity.</summary>
    private static async Task AdvanceQuietly(Mobilize.TestKit.TestCluster cluster, TimeSpan total)
    {
        var armedWhenQuiet = cluster.Clock.ArmedTimers;
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += TimeSpan.FromSeconds(5))
        {
            cluster.Clock.Advance(TimeSpan.FromSeconds(5));
            await Cluster.Until(() => Task.FromResult(
                cluster.Clock.ArmedTimers == armedWhenQuiet || cluster.Runtime.CountActivations("siren") == 0));
        }
    }

    [Fact]
    public async Task disposed_timer_never_fires_again()
    {
        await using var cluster = await Cluster.StartAsync();
        var siren = cluster.GrainFactory.GetGrain<ISirenGrain>(Cluster.Key());
        await siren.Arm(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), keepAlive: false, holdEachTick: false);
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await Cluster.Until(async () => await siren.Ticks() == 1);

        await siren.Disarm();
        cluster.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, await siren.Ticks());
    }
}
