using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;
using Orleans;
using Mobilize.Api.Realtime;
using Mobilize.Grains;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Shared;
using Subscription = Mobilize.Grains.Notifications.PushSubscription;

namespace Mobilize.Api.Push;

/// <summary>Pushes what a volunteer must not miss while their page is closed (an offer, a standby alert) to each of
/// their phones' push subscriptions, encrypted for that phone (RFC 8291, aes128gcm) and signed with the server's VAPID
/// key (RFC 8292).</summary>
/// <remarks>Every Api node hears every event; the volunteer's subscriptions grain hands each event to one of them
/// (<see cref="IPushSubscriptionsGrain.Claim"/>). The sink only enqueues, so the live feed never waits on a push service.</remarks>
public sealed class WebPushSender(
    IGrainFactory grains,
    IHttpClientFactory http,
    VapidKeys keys,
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<WebPushSender> logger) : BackgroundService, ILiveEventSink
{
    public const string HttpClientName = "web-push";
    private static readonly TimeSpan AlertTimeToLive = TimeSpan.FromHours(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Channel<LiveEvent> _queue = Channel.CreateBounded<LiveEvent>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    public void OnEvent(LiveEvent liveEvent)
    {
        if (liveEvent.Stream.Kind == FeedStreamKind.Volunteer && liveEvent.Kind is LiveEventKinds.OfferSent or LiveEventKinds.Alert)
            _queue.Writer.TryWrite(liveEvent);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var liveEvent in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await PushAsync(liveEvent, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The page still shows it when opened: a push is a nudge, the feed is the record.
                    logger.LogWarning(exception, "Web Push of {Kind} {Sequence} to {Stream} failed", liveEvent.Kind, liveEvent.Sequence, liveEvent.Stream);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushAsync(LiveEvent liveEvent, CancellationToken cancellation)
    {
        var volunteer = VolunteerId.Create(liveEvent.Stream.Key);
        var subscriptions = await grains.PushSubscriptions(volunteer).Claim(liveEvent.Sequence);
        if (subscriptions.IsEmpty) return;
        var (payload, timeToLive) = await PayloadAsync(liveEvent);
        if (timeToLive <= TimeSpan.Zero) return;
        using var authentication = new VapidAuthentication(keys.PublicKey, keys.PrivateKey) { Subject = options.Value.Subject };
        var client = new PushServiceClient(http.CreateClient(HttpClientName)) { AutoRetryAfter = false };
        foreach (var subscription in subscriptions)
        {
            var message = new PushMessage(payload) { Urgency = PushMessageUrgency.High, TimeToLive = (int)Math.Ceiling(timeToLive.TotalSeconds) };
            try
            {
                await client.RequestPushMessageDeliveryAsync(Target(subscription), message, authentication, VapidAuthenticationScheme.Vapid, cancellation);
            }
            catch (PushServiceClientException refused) when (refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                // RFC 8030 §7.3: the subscription has expired or was revoked by the browser.
                await grains.PushSubscriptions(volunteer).Forget(subscription.Endpoint);
            }
            catch (Exception exception) when (exception is PushServiceClientException or HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Push service refused or did not answer for subscription {Subscription} of {Volunteer}", subscription.Id, volunteer);
            }
        }
    }

    /// <summary>What the service worker needs to show the notification without the network: an offer's card in
    /// brief (type, capability, place, severity), or the alert's words; and how long it is worth delivering.</summary>
    private async Task<(string Payload, TimeSpan TimeToLive)> PayloadAsync(LiveEvent e)
    {
        var now = time.GetUtcNow();
        if (e.Kind == LiveEventKinds.Alert)
            return (JsonSerializer.Serialize(new PushPayload(e.Kind, e.Sequence, e.At, e.Exercise, "/volunteer/", Level: e.Level, Detail: e.Detail), Json),
                AlertTimeToLive);
        var offer = e.Team is { } team && e.Offer is { } offerId
            ? (await grains.Team(team).GetOffers()).FirstOrDefault(o => o.Offer.Offer == offerId)?.Offer
            : null;
        var url = e.Offer is { } id ? $"/volunteer/#offer={Uri.EscapeDataString(id.Value)}" : "/volunteer/";
        return (JsonSerializer.Serialize(new PushPayload(e.Kind, e.Sequence, e.At, e.Exercise, url, e.Incident?.Value, e.Team?.Value, e.Offer?.Value,
                offer?.IncidentType, offer?.Capability, offer?.PlaceName, offer?.Severity, offer?.ExpiresAt), Json),
            offer is null ? AlertTimeToLive : offer.ExpiresAt - now);
    }

    private static Lib.Net.Http.WebPush.PushSubscription Target(Subscription subscription)
    {
        var target = new Lib.Net.Http.WebPush.PushSubscription { Endpoint = subscription.Endpoint };
        target.SetKey(PushEncryptionKeyName.P256DH, subscription.P256dh);
        target.SetKey(PushEncryptionKeyName.Auth, subscription.Auth);
        return target;
    }
}

/// <summary>The JSON a push carries to the service worker (<c>volunteer/sw.js</c>).</summary>
public sealed record PushPayload(
    string Kind,
    long Sequence,
    DateTimeOffset At,
    bool Exercise,
    string Url,
    string? Incident = null,
    string? Team = null,
    string? Offer = null,
    string? IncidentType = null,
    string? Capability = null,
    string? PlaceName = null,
    int? Severity = null,
    DateTimeOffset? ExpiresAt = null,
    string? Level = null,
    string? Detail = null);
