using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Mobilize.Grains.Notifications;

namespace Mobilize.Api.Realtime;

/// <summary>Forwards what this node hears of the live feed (<see cref="LiveFeedListener"/>) to the SignalR groups named
/// after each stream, a batch per group every <see cref="RealtimeOptions.BatchWindow"/>.</summary>
/// <remarks>The sink only enqueues, so the feed never waits on a socket; a burst of offers to thousands of
/// phones goes out as one message per group per window instead of one per event.</remarks>
public sealed class LiveFeedBridge(
    IHubContext<CommandHub, ICommandClient> command,
    IHubContext<VolunteerHub, IVolunteerClient> volunteers,
    IOptions<RealtimeOptions> options,
    ILogger<LiveFeedBridge> logger) : BackgroundService, ILiveEventSink
{
    private readonly Channel<LiveEvent> _queue = Channel.CreateUnbounded<LiveEvent>(new() { SingleReader = true });

    public void OnEvent(LiveEvent liveEvent) => _queue.Writer.TryWrite(liveEvent);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Wall-clock on purpose: the app's TimeProvider is the domain clock, which tests stop; pushing must not.
                await Task.Delay(options.Value.BatchWindow, TimeProvider.System, stoppingToken);
                await SendAsync(Drain());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: pages catch up from the feed when they reconnect to the next instance.
        }
    }

    private Dictionary<FeedStream, List<LivePush>> Drain()
    {
        var batches = new Dictionary<FeedStream, List<LivePush>>();
        while (_queue.Reader.TryRead(out var next))
        {
            if (!batches.TryGetValue(next.Stream, out var batch)) batches[next.Stream] = batch = [];
            batch.Add(LivePush.From(next));
        }
        return batches;
    }

    private async Task SendAsync(Dictionary<FeedStream, List<LivePush>> batches)
    {
        foreach (var (stream, batch) in batches)
        {
            var group = stream.ToString();
            try
            {
                await (stream.Kind == FeedStreamKind.Volunteer
                    ? volunteers.Clients.Group(group).Live(batch)
                    : command.Clients.Group(group).Live(batch));
            }
            catch (Exception exception)
            {
                // One group's failure must not starve the others; its pages notice the gap and catch up.
                logger.LogWarning(exception, "Live push to {Group} failed ({Count} events)", group, batch.Count);
            }
        }
    }
}
