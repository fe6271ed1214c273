using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Actors.Persistence;
using Mobilize.TestKit;

namespace Mobilize.Actors.Tests.Lifecycle;

public sealed class LifecycleTests
{
    [Fact]
    public async Task failed_activation_rejects_every_queued_call_and_the_next_call_activates_afresh()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();
        var grain = cluster.GrainFactory.GetGrain<IFragileGrain>(key);

        var queued = Enumerable.Range(0, 5).Select(_ => grain.Attempt()).ToArray();
        foreach (var call in queued)
            await Assert.ThrowsAsync<InvalidDataException>(() => call);

        Assert.Equal(2, await grain.Attempt());
        Assert.Equal(1, cluster.Runtime.ActivationCount);
    }

    [Fact]
    public async Task idle_grain_is_collected_after_its_collection_age_and_reactivates_on_the_next_call()
    {
        await using var cluster = await Cluster.StartAsync(r => r.Configure(o => o.CollectionQuantum = TimeSpan.FromSeconds(30)));
        var key = Cluster.Key();
        var grain = cluster.GrainFactory.GetGrain<IRosterGrain>(key);
        await grain.Add("张伟");

        cluster.Clock.Advance(TimeSpan.FromMinutes(4)); // class limit is 5 minutes
        Assert.Equal(1, cluster.Runtime.CountActivations("roster"));
        cluster.Clock.Advance(TimeSpan.FromMinutes(1.5));
        await Cluster.Until(() => Task.FromResult(cluster.Runtime.CountActivations("roster") == 0));

        Assert.Equal(1, RosterGrain.Deactivations[key]);
        Assert.Equal(["张伟"], (await grain.SeenOnActivation()).ToArray()); // state loaded before OnActivateAsync
    }

    [Fact]
    public async Task delayed_deactivation_keeps_an_idle_grain_past_its_collection_age()
    {
        await using var cluster = await Cluster.StartAsync(r => r.Configure(o => o.CollectionQuantum = TimeSpan.FromSeconds(30)));
        var key = Cluster.Key();
        var grain = cluster.GrainFactory.GetGrain<IRosterGrain>(key);
        await grain.StayFor(TimeSpan.FromMinutes(20));

        cluster.Clock.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal(1, cluster.Runtime.CountActivations("roster"));
        cluster.Clock.Advance(TimeSpan.FromMinutes(2));
        await Cluster.Until(() => Task.FromResult(cluster.Runtime.CountActivations("roster") == 0));
    }

    [Fact]
    public async Task deactivate_on_idle_ends_the_activation_after_the_current_call()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();
        var grain = cluster.GrainFactory.GetGrain<IRosterGrain>(key);
        await grain.Add("李娜");

        await grain.LeaveWhenIdle();
        await Cluster.Until(() => Task.FromResult(cluster.Runtime.CountActivations("roster") == 0));

        Assert.Equal(["李娜"], (await grain.Names()).ToArray());
        Assert.Equal(1, RosterGrain.Deactivations[key]);
    }

    [Fact]
    public async Task graceful_shutdown_deactivates_every_grain_so_buffered_state_is_flushed()
    {
        var storage = new MemoryGrainStorage(new JsonGrainStorageSerializer());
        await using var cluster = await TestCluster.StartAsync(
            r => r.AddGrains(typeof(Cluster).Assembly),
            s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, storage));
        var keys = Enumerable.Range(0, 20).Select(_ => Cluster.Key()).ToArray();
        foreach (var key in keys)
            await cluster.GrainFactory.GetGrain<IRosterGrain>(key).AddWithoutSaving("王芳");

        await cluster.RestartAsync();

        foreach (var key in keys)
            Assert.Equal(["王芳"], (await cluster.GrainFactory.GetGrain<IRosterGrain>(key).SeenOnActivation()).ToArray());
    }

    [Fact]
    public async Task persistent_state_tracks_etag_and_record_existence_through_write_and_clear()
    {
        await using var cluster = await Cluster.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IRosterGrain>(Cluster.Key());

        Assert.Null(await grain.Etag());
        await grain.Add("赵磊");
        var first = await grain.Etag();
        await grain.Add("周敏");
        var second = await grain.Etag();
        await grain.Clear();

        Assert.NotNull(first);
        Assert.NotEqual(first, second);
        Assert.Null(await grain.Etag());
        Assert.Empty(await grain.Names());
    }

    [Fact]
    public async Task stale_write_raises_inconsistent_state_and_the_next_call_reloads_the_stored_state()
    {
        var storage = new MemoryGrainStorage(new JsonGrainStorageSerializer());
        await using var cluster = await TestCluster.StartAsync(
            r => r.AddGrains(typeof(Cluster).Assembly),
            s => s.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, storage));
        var key = Cluster.Key();
        var grain = cluster.GrainFactory.GetGrain<IRosterGrain>(key);
        await grain.Add("first");

        // Another writer (a second silo, an operator fix) changes the record underneath the activation.
        var outside = new StateBox<Roster>();
        var id = new GrainId("roster", key);
        await storage.ReadStateAsync("roster", id, outside);
        outside.State = new Roster(["changed elsewhere"]);
        await storage.WriteStateAsync("roster", id, outside);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Add("second"));
        await Cluster.Until(async () => (await grain.Names()).SequenceEqual(["changed elsewhere"]));
    }

    private sealed class StateBox<T> : IGrainState<T>
    {
        public T State { get; set; } = default!;
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }
}
