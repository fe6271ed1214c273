namespace Mobilize.Api.Access;

/// <summary>The five roles, spelled as they appear in tokens, JSON and the pages.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Commander = "commander";
    public const string TeamLeader = "team-leader";
    public const string Volunteer = "volunteer";
    public const string Observer = "observer";

    public static readonly IReadOnlyList<string> All = [Administrator, Commander, TeamLeader, Volunteer, Observer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

/// <summary>The claims a Mobilize token carries; an external OpenID Connect issuer must use the same names.</summary>
public static class Claims
{
    /// <summary>Who the caller is: rate limits, the idempotency journal and the audit log key on it.</summary>
    public const string Subject = "sub";

    public const string Role = "role";

    /// <summary>The volunteer a volunteer or team leader is.</summary>
    public const string VolunteerId = "volunteerId";

    /// <summary>A commander's or observer's jurisdiction: this organisation and everything beneath it.</summary>
    public const string OrganisationId = "organisationId";

    /// <summary>The team a team leader leads.</summary>
    public const string TeamId = "teamId";

    /// <summary>The token's own id (<c>jti</c>), by which one token is revoked.</summary>
    public const string TokenId = "jti";

    /// <summary>When the token was issued (<c>iat</c>, Unix seconds): revoking a subject refuses tokens issued up to then.</summary>
    public const string IssuedAt = "iat";

    /// <summary>When the token stops working (<c>exp</c>, Unix seconds).</summary>
    public const string ExpiresAt = "exp";
}
