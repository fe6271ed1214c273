using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
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
    public void each_stream_numbers_its_own_events_from_one()
    {
        var feed = new LiveFeed(NullLogger<LiveFeed>.Instance);
        feed.Publish(Draft("a", Flood, Chaoyang));
        feed.Publish(Draft("b", Flood));

        Assert.Equal([(1L, "a"), (2L, "b")], feed.Replay(Flood, 0).Events.Select(e => (e.Sequence, e.Detail!)));
        Assert.Equal([(1L, "a")], feed.Replay(Chaoyang, 0).Events.Select(e => (e.Sequence, e.Detail!)));
        Assert.Equal(0, feed.LastSequence(FeedStream.Of(VolunteerId.Create("nobody"))));
    }

    [Fact]
    public void a_client_that_fell_behind_the_buffer_is_told_its_replay_is_incomplete()
    {
        var feed = new LiveFeed(NullLogger<LiveFeed>.Instance, bufferPerStream: 3);
        for (var i = 1; i <= 5; i++) feed.Publish(Draft($"e{i}", Flood));

        var caughtUp = feed.Replay(Flood, 2);
        var behind = feed.Replay(Flood, 1);

        Assert.True(caughtUp.Complete);
        Assert.Equal([3L, 4L, 5L], caughtUp.Events.Select(e => e.Sequence));
        Assert.False(behind.Complete);
        Assert.Equal(5, behind.LastSequence);
    }

    [Fact]
    public async Task subscribers_get_events_of_their_stream_until_they_unsubscribe()
    {
        await using var world = await World.StartAsync();
        var feed = world.Cluster.Services.GetRequiredService<ILiveFeed>();
        var observer = new Recorder();
        var reference = world.Grains.CreateObjectReference<ILiveFeedObserver>(observer);
        var subscription = feed.Subscribe(Flood, reference);

        feed.Publish(Draft("seen", Flood));
        feed.Publish(Draft("other stream", Chaoyang));
        await observer.WaitFor(1);
        subscription.Dispose();
        feed.Publish(Draft("after", Flood));

        Assert.Equal(["seen"], observer.Events.Select(e => e.Detail!));
    }

    [Fact]
    public async Task a_callout_puts_offers_on_the_incident_stream_and_on_each_offered_members_stream()
    {
        await using var world = await World.StartAsync();
        var (team, incident) = await FloodCalloutInChaoyang(world);
        var feed = world.Cluster.Services.GetRequiredService<ILiveFeed>();

        var incidentKinds = feed.Replay(FeedStream.Of(incident), 0).Events.Select(e => e.Kind).ToList();
        var memberEvents = feed.Replay(FeedStream.Of(World.Member(team, 2)), 0).Events;

        Assert.Equal([LiveEventKinds.IncidentCreated, LiveEventKinds.Timeline, LiveEventKinds.Timeline, LiveEventKinds.OfferSent], incidentKinds);
        Assert.Equal((LiveEventKinds.OfferSent, incident, 1L), (memberEvents.Single().Kind, memberEvents.Single().Incident!.Value, memberEvents.Single().Sequence));
    }

    [Fact]
    public async Task a_district_incident_is_heard_live_by_the_district_and_the_city_but_not_by_a_neighbouring_district()
    {
        await using var world = await World.StartAsync();
        var (_, incident) = await FloodCalloutInChaoyang(world);
        var feed = world.Cluster.Services.GetRequiredService<ILiveFeed>();

        List<string> Heard(OrganisationId organisation) =>
            [.. feed.Replay(FeedStream.Of(organisation), 0).Events.Where(e => e.Incident == incident).Select(e => e.Kind)];

        Assert.Contains(LiveEventKinds.IncidentCreated, Heard(World.Chaoyang));
        Assert.Equal(Heard(World.Chaoyang), Heard(World.Beijing));
        Assert.Empty(Heard(World.Haidian));
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

        public void OnEvent(LiveEvent liveEvent)
        {
            Events.Enqueue(liveEvent);
            _arrived.Release();
        }

        public async Task WaitFor(int count)
        {
            for (var i = 0; i < count; i++)
                Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(10)), "the observer was never called");
        }
    }
}
