using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Api.Realtime;
using Mobilize.Grains.Notifications;
using Mobilize.Grains;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Volunteers;

/// <summary>The volunteer's live feed as a pull endpoint, for phones on networks where a WebSocket does not stay up:
/// the same events, numbering and catch-up rules as the volunteer hub, one request at a time.</summary>
public static class VolunteerFeedApi
{
    public const int MaxWaitSeconds = 60;

    // GET /api/volunteers/{id}/feed?after={sequence}&waitSeconds={0..60}
    //     the volunteer's events after a sequence number; with waitSeconds, holds the request until one arrives (long poll)
    public static IEndpointRouteBuilder MapVolunteerFeedApi(this IEndpointRouteBuilder app)
    {
        // Only the volunteer (or an administrator): the feed carries their offers.
        app.MapGroup("/api/volunteers").WithTags("Volunteers").MapGet("/{id}/feed", GetFeed).Allow(Rule.Self(Target.Route<VolunteerId>("id")));
        return app;
    }

    public static IHostApplicationBuilder AddVolunteerFeed(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VolunteerFeedWaiters>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<VolunteerFeedWaiters>());
        builder.Services.AddSingleton<ILiveEventSink>(sp => sp.GetRequiredService<VolunteerFeedWaiters>());
        return builder;
    }

    public static async Task<Results<Ok<CatchUpResult>, ValidationProblem>> GetFeed(
        VolunteerId id, long? after, int? waitSeconds, IGrainFactory grains, VolunteerFeedWaiters waiters, CancellationToken cancellation)
    {
        var errors = new RequestErrors();
        if (after is < 0) errors.Add("after", "must be 0 or more");
        if (waitSeconds is < 0 or > MaxWaitSeconds) errors.Add("waitSeconds", $"must be between 0 and {MaxWaitSeconds}");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var stream = FeedStream.Of(id);
        var from = after ?? 0;
        // Wait first, then look: an event published between the look and the wait would otherwise sleep until the timeout.
        var arrival = waitSeconds is > 0 ? waiters.Next(stream) : null;
        var replay = await grains.FeedStream(stream).Replay(from);
        if (replay.Events.IsEmpty && replay.Complete && arrival is not null)
        {
            // Wall-clock on purpose, as the bridge's batching: a request's patience is the phone's, not the domain clock's.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(waitSeconds!.Value));
            try
            {
                await arrival.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // Nothing new within the wait: an empty answer tells the phone to ask again.
            }
            replay = await grains.FeedStream(stream).Replay(from);
        }
        return TypedResults.Ok(CatchUpResult.From(replay));
    }
}

/// <summary>Wakes long-polling requests when their volunteer's stream moves: one sink of this node's feed for all of them.</summary>
public sealed class VolunteerFeedWaiters : IHostedService, ILiveEventSink
{
    private readonly ConcurrentDictionary<FeedStream, TaskCompletionSource> _waiting = new();
    private volatile bool _stopping;

    // The web server stops before any hosted service (it starts last) and waits for requests in flight, so waking the
    // waiters in StopAsync would come only after every long poll had sat out its wait (up to a minute): they are woken
    // as the application starts stopping, answer what they have, and the phones ask again elsewhere or later.
    public VolunteerFeedWaiters(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.Register(WakeAll);

    /// <summary>Completes when the next event of <paramref name="stream"/> is published; shared by every request waiting
    /// on it. At once while the server stops.</summary>
    public Task Next(FeedStream stream)
    {
        if (_stopping) return Task.CompletedTask;
        var next = _waiting.GetOrAdd(stream, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        // Stopping began between the check and the add: this waiter was not among those woken.
        if (_stopping) WakeAll();
        return next;
    }

    private void WakeAll()
    {
        _stopping = true;
        foreach (var stream in _waiting.Keys)
            if (_waiting.TryRemove(stream, out var waiting)) waiting.TrySetResult();
    }

    public void OnEvent(LiveEvent liveEvent)
    {
        if (liveEvent.Stream.Kind == FeedStreamKind.Volunteer && _waiting.TryRemove(liveEvent.Stream, out var waiting))
            waiting.TrySetResult();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        WakeAll();
        return Task.CompletedTask;
    }
}
