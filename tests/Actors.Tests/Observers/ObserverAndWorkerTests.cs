using System.Collections.Concurrent;
using Mobilize.Actors.Tests.Timers;

namespace Mobilize.Actors.Tests.Observers;

public sealed class ObserverAndWorkerTests
{
    private sealed class Dashboard : IBroadcastObserver
    {
        public readonly ConcurrentQueue<string> Seen = new();

        public void OfferSent(string offer) => Seen.Enqueue($"offer {offer}");

        public Task StatusChanged(string status)
        {
            Seen.Enqueue($"status {status}");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task grain_pushes_to_a_client_observer_until_its_reference_is_deleted()
    {
        await using var cluster = await Cluster.StartAsync();
        var dashboard = new Dashboard();
        var reference = cluster.GrainFactory.CreateObjectReference<IBroadcastObserver>(dashboard);
        var broadcaster = cluster.GrainFactory.GetGrain<IBroadcasterGrain>(Cluster.Key());
        await broadcaster.Subscribe(reference);

        await broadcaster.Publish("flood-7");
        await Cluster.Until(() => Task.FromResult(dashboard.Seen.Count == 2));
        Assert.Contains("offer flood-7", dashboard.Seen);
        Assert.Contains("status flood-7", dashboard.Seen);

        cluster.GrainFactory.DeleteObjectReference(reference);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => broadcaster.Publish("flood-8"));
    }

    [Fact]
    public async Task stateless_worker_spreads_concurrent_calls_over_at_most_its_local_worker_limit()
    {
        await using var cluster = await Cluster.StartAsync();
        PushWorker.Instances.Clear();
        var worker = cluster.GrainFactory.GetGrain<IPushWorker>(0);

        var calls = Enumerable.Range(0, 12).Select(_ => worker.Work(TimeSpan.Zero)).ToArray();
        await Cluster.Until(() => Task.FromResult(PushWorker.Instances.Count == 3));
        PushWorker.Release.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(3, PushWorker.Instances.Count);
        Assert.Equal(3, cluster.Runtime.CountActivations("pushworker"));
    }
}
