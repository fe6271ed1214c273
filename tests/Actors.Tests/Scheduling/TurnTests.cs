namespace Mobilize.Actors.Tests.Scheduling;

public sealed class TurnTests
{
    [Fact]
    public async Task non_reentrant_grain_never_interleaves_requests()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();
        var grain = cluster.GrainFactory.GetGrain<IPlainGatedGrain>(key);

        var first = grain.Hold("a");
        var second = grain.Hold("b");
        await Cluster.Until(async () => (await grain.Journal()).Contains("enter a"));
        Assert.DoesNotContain("enter b", await grain.Journal()); // b waits although a is parked at an await
        GatedGrainBase.Gate($"{key}/a").SetResult();
        await first;
        await Cluster.Until(async () => (await grain.Journal()).Contains("enter b"));
        GatedGrainBase.Gate($"{key}/b").SetResult();
        await second;

        Assert.Equal(["enter a", "leave a", "enter b", "leave b"], (await grain.Journal()).ToArray());
    }

    [Fact]
    public async Task reentrant_grain_interleaves_requests_at_await_points()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();
        var grain = cluster.GrainFactory.GetGrain<IReentrantGatedGrain>(key);

        var first = grain.Hold("a");
        var second = grain.Hold("b");
        await Cluster.Until(async () => (await grain.Journal()) is { Length: 2 });
        GatedGrainBase.Gate($"{key}/b").SetResult();
        await second;
        GatedGrainBase.Gate($"{key}/a").SetResult();
        await first;

        Assert.Equal(["enter a", "enter b", "leave b", "leave a"], (await grain.Journal()).ToArray());
    }

    [Fact]
    public async Task read_only_requests_interleave_with_each_other_but_not_with_a_write()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();
        var grain = cluster.GrainFactory.GetGrain<IPlainGatedGrain>(key);

        var readA = grain.HoldReading("ra");
        var readB = grain.HoldReading("rb");
        var write = grain.Hold("w");
        await Cluster.Until(async () => (await grain.Journal()) is { Length: 2 });
        Assert.Equal(["enter ra", "enter rb"], (await grain.Journal()).ToArray());
        GatedGrainBase.Gate($"{key}/ra").SetResult();
        GatedGrainBase.Gate($"{key}/rb").SetResult();
        await Task.WhenAll(readA, readB);
        await Cluster.Until(async () => (await grain.Journal()).Contains("enter w"));
        GatedGrainBase.Gate($"{key}/w").SetResult();
        await write;
    }

    [Fact]
    public async Task code_after_each_await_runs_one_segment_at_a_time_even_when_reentrant()
    {
        await using var cluster = await Cluster.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<ISegmentGrain>(Cluster.Key());

        var overlaps = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => grain.RunSegments(20))));

        Assert.All(overlaps, o => Assert.Equal(0, o));
        Assert.Equal(200 * 20, await grain.Segments());
    }

    [Fact]
    public async Task call_cycle_between_non_reentrant_grains_ends_in_timeout_after_the_response_timeout()
    {
        await using var cluster = await Cluster.StartAsync(r => r.Configure(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        var a = cluster.GrainFactory.GetGrain<ICycleGrain>(Cluster.Key());
        var bKey = Cluster.Key();
        var b = cluster.GrainFactory.GetGrain<ICycleGrain>(bKey);

        var call = a.CallThrough(b);
        await CycleGrain.Reached(bKey);
        cluster.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(call.IsCompleted);
        cluster.Clock.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }
}
