namespace Mobilize.Api.Infrastructure;

/// <summary>The problem types (RFC 9457) the edge itself returns; a grain's refusal gets <c>urn:mobilize:problem:{code}</c>
/// (see <see cref="Refusals"/>). URNs, because they must stay stable and unique, not resolvable: clients switch on them.</summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:mobilize:problem:";

    public const string Validation = Prefix + "validation";
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
    public const string NotReady = Prefix + "not-ready";
    public const string Unavailable = Prefix + "unavailable";
    public const string Unexpected = Prefix + "unexpected";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string TooLarge = Prefix + "too-large";
    public const string ExternalIssuer = Prefix + "external-issuer";
    public const string TooManyRequests = Prefix + "too-many-requests";
    public const string Unauthorised = Prefix + "unauthorised";
    public const string Forbidden = Prefix + "forbidden";
    public const string TokenRevoked = Prefix + "token-revoked";
}
