namespace Mobilize.Api.Access;

/// <summary>Who issues the tokens the API trusts. Without <see cref="Authority"/> the server is its own issuer, signing
/// with a key kept in the data folder (or <see cref="SigningKey"/>); with it, only the external issuer's tokens count.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>An OpenID Connect issuer URL; its discovery document and keys are fetched from there.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must name; with a local issuer it defaults to <see cref="LocalAudience"/>.</summary>
    public string? Audience { get; set; }

    /// <summary>Only for trying an external issuer on plain HTTP on this machine; never in production.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Base64 of at least 32 random bytes; for deployments with no data folder of their own (PostgreSQL).</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a token minted without a lifetime lasts.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long the administrator token written at each start lasts.</summary>
    public TimeSpan AdministratorTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    public bool UsesExternalIssuer => !string.IsNullOrWhiteSpace(Authority);

    public const string LocalIssuer = "mobilize";
    public const string LocalAudience = "mobilize-api";
}
