namespace Mobilize.Api.Infrastructure;

/// <summary>The <c>type</c> of every problem this API returns (RFC 9457). URNs, because they must stay stable
/// and unique, not resolvable; clients switch on them, so renaming one is a breaking change.</summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:mobilize:problem:";

    public const string Validation = Prefix + "validation";
    public const string NotFound = Prefix + "not-found";
    public const string Duplicate = Prefix + "duplicate";
    public const string Conflict = Prefix + "conflict";
    public const string Refused = Prefix + "refused";
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
    public const string NotReady = Prefix + "not-ready";
    public const string Unavailable = Prefix + "unavailable";
    public const string Unexpected = Prefix + "unexpected";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string TooLarge = Prefix + "too-large";
}
