namespace Mobilize.Api.Push;

/// <summary>Web Push (section <c>Push</c>).</summary>
public sealed class PushOptions
{
    public const string SectionName = "Push";

    /// <summary>Who push services may contact about this server's messages (the VAPID <c>sub</c>): a mailto: or https: URL.</summary>
    public string Subject { get; set; } = "mailto:mobilize@localhost";

    /// <summary>The VAPID key pair (base64url: the uncompressed P-256 public key, the 32-byte private scalar). Left
    /// out, a pair is created on first start in the data folder (<see cref="VapidKeys.FileName"/>) and kept, so the
    /// phones' subscriptions survive a restart; a deployment of several Api nodes gives all of them the same pair.</summary>
    public string? VapidPublicKey { get; set; }

    public string? VapidPrivateKey { get; set; }

    /// <summary>Accept push endpoints on this machine over plain HTTP (a push relay beside the server, the tests).
    /// Off by default: otherwise a subscription could make the server post to its own local services.</summary>
    public bool AllowPlainHttpLoopback { get; set; }
}
