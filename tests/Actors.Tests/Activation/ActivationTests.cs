using Mobilize.Actors.Activation;

namespace Mobilize.Actors.Tests.Activation;

public sealed class ActivationTests
{
    [Fact]
    public async Task getting_a_reference_activates_nothing()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();

        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>(key);

        Assert.NotNull(counter);
        Assert.Equal(0, cluster.Runtime.ActivationsCreated);
        Assert.False(CounterGrain.Constructed.ContainsKey(key));
    }

    [Fact]
    public async Task first_call_activates_and_later_calls_reach_the_same_activation()
    {
        await using var cluster = await Cluster.StartAsync();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>(Cluster.Key());

        Assert.Equal(1, await counter.Increment());
        Assert.Equal(2, await counter.Increment());
        Assert.Equal(1, cluster.Runtime.ActivationCount);
    }

    [Fact]
    public async Task thousand_concurrent_first_calls_over_ten_grains_make_exactly_ten_activations_every_time()
    {
        await using var cluster = await Cluster.StartAsync();
        for (var round = 0; round < 20; round++)
        {
            var keys = Enumerable.Range(0, 10).Select(_ => Cluster.Key()).ToArray();
            var createdBefore = cluster.Runtime.ActivationsCreated;
            using var start = new ManualResetEventSlim();
            var calls = Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await cluster.GrainFactory.GetGrain<ICounterGrain>(keys[i % 10]).Increment();
            })).ToArray();
            start.Set();
            await Task.WhenAll(calls);

            Assert.Equal(10, cluster.Runtime.ActivationsCreated - createdBefore);
            Assert.All(keys, k => Assert.Equal(1, CounterGrain.Constructed[k]));
            foreach (var key in keys)
                Assert.Equal(100, await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Get());
        }
    }

    [Fact]
    public async Task exception_thrown_by_grain_reaches_caller_with_its_type_and_message()
    {
        await using var cluster = await Cluster.StartAsync();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>(Cluster.Key());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => counter.Fail("water too deep"));

        Assert.Equal("water too deep", error.Message);
        Assert.Equal(1, await counter.Increment()); // the activation survives a failed call
    }

    [Fact]
    public async Task cancellation_token_reaches_the_grain_and_cancels_the_call()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        using var cancel = new CancellationTokenSource();

        var call = counter.WaitUntilCanceled(cancel.Token);
        await CounterGrain.Waiting.GetOrAdd(key, _ => new TaskCompletionSource()).Task; // running inside the grain now
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task call_waiting_in_the_queue_is_dropped_when_its_token_is_cancelled()
    {
        await using var cluster = await Cluster.StartAsync();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>(Cluster.Key());
        using var release = new CancellationTokenSource();
        using var cancel = new CancellationTokenSource();
        var running = counter.WaitUntilCanceled(release.Token);
        var queued = counter.WaitUntilCanceled(cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.False(running.IsCompleted);
        release.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(1, await counter.Increment());
    }
}
