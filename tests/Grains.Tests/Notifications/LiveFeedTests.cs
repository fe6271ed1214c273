using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using System.Collections.Immutable;
using Mobilize.Grains;
using Mobilize.TestKit;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Notifications;

public sealed class LiveFeedTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly FeedStream Flood = FeedStream.Of(IncidentId.Create("flood"));
    private static readonly FeedStream Chaoyang = FeedStream.Of(OrganisationId.Create("bj-chaoyang"));

    private static LiveEventDraft Draft(string detail, params FeedStream[] streams) => new([.. streams], At, LiveEventKinds.Timeline, Detail: detail);

    [Fact]
    public async Task each_stream_numbers_its_own_events_from_one()
    {
        await using var world = await World.StartAsync();
        var feed = world.Cluster.Services.GetRequiredService<ILiveFeed>();
        feed.Publish(Draft("a", Flood, Chaoyang));
        feed.Publish(Draft("b", Flood));

        Assert.Equal([(1L, "a"), (2L, "b")], (await world.Grains.ReplayThrough(Flood, 2)).Events.Select(e => (e.Sequence, e.Detail!)));
        Assert.Equal([(1L, "a")], (await world.Grains.ReplayThrough(Chaoyang, 1)).Events.Select(e => (e.Sequence, e.Detail!)));
        Assert.Equal(0, await world.Grains.FeedStream(FeedStream.Of(VolunteerId.Create("nobody"))).LastSequence());
    }

    [Fact]
    public void a_client_that_fell_behind_the_buffer_is_told_its_replay_is_incomplete()
    {
        var buffer = new FeedBuffer(Flood, start: 0, capacity: 3);
        for (var i = 1; i <= 5; i++) buffer.Append(Draft($"e{i}", Flood));

        var caughtUp = buffer.Replay(2);
        var behind = buffer.Replay(1);

        Assert.True(caughtUp.Complete);
        Assert.Equal([3L, 4L, 5L], caughtUp.Events.Select(e => e.Sequence));
        Assert.False(behind.Complete);
        Assert.Equal(5, behind.LastSequence);
    }

    [Fact]
    public async Task a_stream_that_was_put_away_continues_its_numbers_and_a_client_that_saw_everything_needs_no_snapshot()
    {
        await using var world = await World.StartAsync();
        var feed = world.Cluster.Services.GetRequiredService<ILiveFeed>();
        feed.Publish(Draft("a", Flood));
        feed.Publish(Draft("b", Flood));
        await world.Grains.ReplayThrough(Flood, 2);

        await world.Cluster.DeactivateAsync(world.Grains.FeedStream(Flood));
        var upToDate = await world.Grains.FeedStream(Flood).Replay(2);
        var behind = await world.Grains.FeedStream(Flood).Replay(1);
        feed.Publish(Draft("c", Flood));

        Assert.True(upToDate.Complete);
        Assert.False(behind.Complete);
        await world.Grains.ReplayThrough(Flood, 3);
        Assert.Equal([3L], (await world.Grains.FeedStream(Flood).Replay(2)).Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task a_stream_whose_activation_was_lost_never_hands_out_a_number_twice()
    {
        var storage = new InMemoryGrainStorage();
        InMemoryGrainStorage crashed;
        await using (var first = await World.StartAsync(storage))
        {
            first.Cluster.Services.GetRequiredService<ILiveFeed>().Publish(Draft("before the crash", Flood));
            await first.Grains.ReplayThrough(Flood, 1);
            // Stopping the silos lets the stream write its last number; a crash leaves only the reservation.
            crashed = storage.Snapshot();
        }
        await using var second = await World.StartAsync(crashed);
        second.Cluster.Services.GetRequiredService<ILiveFeed>().Publish(Draft("after", Flood));

        await second.Grains.ReplayThrough(Flood, FeedStreamGrain.ReservationBlock + 1);
        var replay = await second.Grains.FeedStream(Flood).Replay(1);
        Assert.False(replay.Complete);
        Assert.Equal(FeedStreamGrain.ReservationBlock + 1, Assert.Single(replay.Events).Sequence);
    }

    [Fact]
    public async Task a_subscribed_host_gets_every_stream_until_it_unsubscribes()
    {
        await using var world = await World.StartAsync();
        var feed = world.Cluster.Services.GetRequiredService<ILiveFeed>();
        var observer = new Recorder();
        var reference = world.Grains.CreateObjectReference<ILiveFeedObserver>(observer);
        await world.Grains.LiveFeedSubscribers().Subscribe(reference);

        feed.Publish(Draft("flood", Flood));
        feed.Publish(Draft("district", Chaoyang));
        await observer.WaitFor(2);
        await world.Grains.LiveFeedSubscribers().Unsubscribe(reference);
        feed.Publish(Draft("after", Flood));
        await world.Grains.ReplayThrough(Flood, 2);

        Assert.Equal(["district", "flood"], observer.Events.Select(e => e.Detail!).Order());
    }

    [Fact]
    public async Task a_callout_puts_offers_on_the_incident_stream_and_on_each_offered_members_stream()
    {
        await using var world = await World.StartAsync();
        var (team, incident) = await FloodCalloutInChaoyang(world);
        var incidentKinds = (await world.Grains.ReplayThrough(FeedStream.Of(incident), 4)).Events.Select(e => e.Kind).ToList();
        var memberEvents = (await world.Grains.ReplayThrough(FeedStream.Of(World.Member(team, 2)), 1)).Events;

        Assert.Equal([LiveEventKinds.IncidentCreated, LiveEventKinds.Timeline, LiveEventKinds.Timeline, LiveEventKinds.OfferSent], incidentKinds);
        Assert.Equal((LiveEventKinds.OfferSent, incident, 1L), (memberEvents.Single().Kind, memberEvents.Single().Incident!.Value, memberEvents.Single().Sequence));
    }

    [Fact]
    public async Task a_district_incident_is_heard_live_by_the_district_and_the_city_but_not_by_a_neighbouring_district()
    {
        await using var world = await World.StartAsync();
        var (_, incident) = await FloodCalloutInChaoyang(world);
        async Task<List<string>> Heard(OrganisationId organisation) =>
            [.. (await world.Grains.FeedStream(FeedStream.Of(organisation)).Replay(0)).Events.Where(e => e.Incident == incident).Select(e => e.Kind)];

        // The listing reaches the district before its neighbours are asked, so a neighbour's silence is not a race.
        await world.Grains.ReplayWhen(FeedStream.Of(World.Beijing), r => r.Events.Any(e => e.Incident == incident && e.Kind == LiveEventKinds.OfferSent));
        await world.Grains.ReplayWhen(FeedStream.Of(World.Chaoyang), r => r.Events.Any(e => e.Incident == incident && e.Kind == LiveEventKinds.OfferSent));

        Assert.Contains(LiveEventKinds.IncidentCreated, await Heard(World.Chaoyang));
        Assert.Equal(await Heard(World.Chaoyang), await Heard(World.Beijing));
        Assert.Empty(await Heard(World.Haidian));
    }

    // One water-rescue team in Chaoyang, offered a flood callout there.
    private static async Task<(TeamId Team, IncidentId Incident)> FloodCalloutInChaoyang(World world)
    {
        var team = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450));
        var incident = IncidentId.Create("flood");
        (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 2)]))).ValueOrThrow();
        await world.Settle(team);
        return (team, incident);
    }

    private sealed class Recorder : ILiveFeedObserver
    {
        private readonly SemaphoreSlim _arrived = new(0);

        public ConcurrentQueue<LiveEvent> Events { get; } = new();

        public void OnEvents(ImmutableArray<LiveEvent> events)
        {
            foreach (var liveEvent in events)
            {
                Events.Enqueue(liveEvent);
                _arrived.Release();
            }
        }

        public async Task WaitFor(int count)
        {
            for (var i = 0; i < count; i++)
                Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(10)), "the observer was never called");
        }
    }
}
