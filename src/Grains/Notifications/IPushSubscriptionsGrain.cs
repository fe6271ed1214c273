using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Notifications;

/// <summary>The Web Push subscriptions (RFC 8030) of one volunteer's phones, keyed by the volunteer's id: where to send
/// an offer or an alert when the page is not open.</summary>
[Alias("mobilize.notifications.push-subscriptions-grain")]
public interface IPushSubscriptionsGrain : IGrainWithStringKey
{
    /// <summary>Adds the subscription, or renews it (a browser hands out the same endpoint again with new keys).</summary>
    [Alias("Subscribe")]
    Task<Outcome<PushSubscriptionView>> Subscribe(PushSubscription subscription);

    /// <summary>Removes it; false when there was none with this id (a retried removal).</summary>
    [Alias("Unsubscribe")]
    Task<bool> Unsubscribe(string id);

    [Alias("List")]
    Task<ImmutableArray<PushSubscriptionView>> List();

    /// <summary>The subscriptions to push the volunteer's event <paramref name="sequence"/> to, once: every Api node hears
    /// every event, and only the first to ask for a sequence above the last one claimed gets them.</summary>
    [Alias("Claim")]
    Task<ImmutableArray<PushSubscription>> Claim(long sequence);

    /// <summary>The push service said the subscription is gone (404/410): it is dropped.</summary>
    [Alias("Forget")]
    Task Forget(string endpoint);
}

/// <summary>A browser's push subscription: where its push service takes messages, and the keys (RFC 8291) that
/// encrypt them for that browser only.</summary>
/// <param name="P256dh">The browser's P-256 public key, uncompressed, base64url.</param>
/// <param name="Auth">The 16-byte authentication secret, base64url.</param>
[GenerateSerializer, Immutable, Alias("mobilize.notifications.push-subscription")]
public sealed record PushSubscription(string Endpoint, string P256dh, string Auth, DateTimeOffset SubscribedAt)
{
    public const int MaxEndpointLength = 2048;
    public const int MaxPerVolunteer = 8;

    /// <summary>Short, stable, and not the endpoint itself (which is a capability to message the phone).</summary>
    public string Id => SubscriptionIds.Of(Endpoint);

    /// <param name="allowPlainHttpLoopback">Push services are HTTPS; a push endpoint on this machine over plain HTTP
    /// is allowed only where a deployment says so (tests, a push relay beside the server).</param>
    public ImmutableArray<FieldError> Validate(bool allowPlainHttpLoopback)
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        if (Endpoint.Length > MaxEndpointLength) errors.Add(new("endpoint", $"must be at most {MaxEndpointLength} characters"));
        else if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri)
                 || !(uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp && allowPlainHttpLoopback && uri.IsLoopback)
                 || !string.IsNullOrEmpty(uri.UserInfo))
            errors.Add(new("endpoint", "must be an https URL of a push service"));
        if (Base64Url(P256dh) is not { Length: 65 } key || key[0] != 0x04)
            errors.Add(new("keys.p256dh", "must be an uncompressed P-256 public key (65 bytes, base64url)"));
        if (Base64Url(Auth) is not { Length: 16 })
            errors.Add(new("keys.auth", "must be a 16-byte secret (base64url)"));
        return errors.ToImmutable();
    }

    private static byte[]? Base64Url(string text)
    {
        if (text.Length > 128) return null;
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(text.TrimEnd('='));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>What a volunteer sees of a subscription: its id and when it was made, never the keys.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.notifications.push-subscription-view")]
public sealed record PushSubscriptionView(string Id, string Endpoint, DateTimeOffset SubscribedAt);

public static class SubscriptionIds
{
    public static string Of(string endpoint) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(endpoint)))[..16];
}
