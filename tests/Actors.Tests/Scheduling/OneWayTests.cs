using System.Collections.Immutable;

namespace Mobilize.Actors.Tests.Scheduling;

public interface IMailboxGrain : IGrainWithStringKey
{
    [OneWay]
    Task Post(int letter);

    [OneWay]
    Task PostThenFail(int letter);

    [OneWay]
    ValueTask PostLater(int letter);

    Task Hold(string gate);

    Task<ImmutableArray<int>> Letters();
}

public interface IBadOneWayGrain : IGrainWithStringKey
{
    [OneWay]
    Task<int> Answer();
}

public sealed class MailboxGrain : Grain, IMailboxGrain
{
    private readonly List<int> _letters = [];

    public Task Post(int letter)
    {
        _letters.Add(letter);
        return Task.CompletedTask;
    }

    public Task PostThenFail(int letter)
    {
        _letters.Add(letter);
        throw new InvalidOperationException("the letter box is jammed");
    }

    public async ValueTask PostLater(int letter)
    {
        await Task.Yield();
        _letters.Add(letter);
    }

    public Task Hold(string gate) => GatedGrainBase.Gate(gate).Task;

    public Task<ImmutableArray<int>> Letters() => Task.FromResult(_letters.ToImmutableArray());
}

public sealed class BadOneWayGrain : Grain, IBadOneWayGrain
{
    public Task<int> Answer() => Task.FromResult(42);
}

public sealed class OneWayTests
{
    [Fact]
    public async Task a_one_way_call_returns_at_once_while_the_grain_is_still_busy_and_runs_after()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();
        var mailbox = cluster.GrainFactory.GetGrain<IMailboxGrain>(key);
        var held = mailbox.Hold(key);

        var posted = mailbox.Post(1);

        Assert.True(posted.IsCompletedSuccessfully); // the caller never waits for the busy grain
        GatedGrainBase.Gate(key).SetResult();
        await held;
        Assert.Equal(new[] { 1 }, (await mailbox.Letters()).ToArray());
    }

    [Fact]
    public async Task one_way_calls_from_one_caller_run_in_the_order_sent_and_before_its_next_call()
    {
        await using var cluster = await Cluster.StartAsync();
        var mailbox = cluster.GrainFactory.GetGrain<IMailboxGrain>(Cluster.Key());

        for (var letter = 0; letter < 500; letter++)
            _ = letter % 3 == 0 ? mailbox.PostLater(letter).AsTask() : mailbox.Post(letter);

        Assert.Equal(Enumerable.Range(0, 500), await mailbox.Letters());
    }

    [Fact]
    public async Task a_failing_one_way_call_fails_nobody_and_the_grain_goes_on_serving()
    {
        await using var cluster = await Cluster.StartAsync();
        var mailbox = cluster.GrainFactory.GetGrain<IMailboxGrain>(Cluster.Key());

        var failing = mailbox.PostThenFail(1);
        await mailbox.Post(2);

        Assert.True(failing.IsCompletedSuccessfully);
        Assert.Equal(new[] { 1, 2 }, (await mailbox.Letters()).ToArray());
    }

    [Fact]
    public async Task a_one_way_method_that_returns_a_value_is_refused_when_called()
    {
        await using var cluster = await Cluster.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IBadOneWayGrain>(Cluster.Key());

        var refusal = Assert.Throws<InvalidOperationException>(() => { _ = grain.Answer(); });

        Assert.Contains("must return Task or ValueTask", refusal.Message);
    }

    [Fact]
    public async Task a_one_way_call_waiting_past_the_response_timeout_is_still_delivered()
    {
        await using var cluster = await Cluster.StartAsync();
        var key = Cluster.Key();
        var mailbox = cluster.GrainFactory.GetGrain<IMailboxGrain>(key);
        var held = mailbox.Hold(key);
        _ = mailbox.Post(7);

        cluster.Clock.Advance(TimeSpan.FromMinutes(5));
        cluster.Runtime.CheckResponseTimeouts();
        GatedGrainBase.Gate(key).SetResult();
        await Assert.ThrowsAsync<TimeoutException>(() => held); // its caller was waiting, and was told so

        Assert.Equal(new[] { 7 }, (await mailbox.Letters()).ToArray());
    }
}
