using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Access;

/// <summary>What a token grants: a role and the ids that scope it.</summary>
public sealed record TokenGrant(string Role, VolunteerId? Volunteer = null, OrganisationId? Organisation = null, TeamId? Team = null,
    string? Subject = null)
{
    public static readonly TokenGrant Administrator = new(Roles.Administrator);

    /// <summary>Who the token names when the minter gave no subject: the role and the id it is scoped to.</summary>
    public string SubjectOrDefault => Subject ?? Role switch
    {
        Roles.Volunteer or Roles.TeamLeader => $"{Role}:{Volunteer}",
        Roles.Commander or Roles.Observer => $"{Role}:{Organisation}",
        _ => Role,
    };
}

/// <param name="TokenId">The token's <c>jti</c>: what an administrator names to revoke this one token.</param>
/// <param name="Subject">The token's <c>sub</c>: who the audit log and the rate limit see; revoking it revokes all its tokens.</param>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt, string TokenId, string Subject);

/// <summary>The local issuer: signs tokens with <see cref="SigningKeys"/>; absent when an external issuer is trusted.</summary>
public sealed class TokenIssuer(SigningKeys keys, IOptions<AuthOptions> options, WallClock time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken Issue(TokenGrant grant, TimeSpan? lifetime = null)
    {
        if (options.Value.UsesExternalIssuer)
            throw new InvalidOperationException("Tokens come from the external issuer (Auth:Authority); this server mints none.");
        var now = time.GetUtcNow();
        // Whole seconds, as the token carries it, so the answer tells exactly when the token stops working.
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + (lifetime ?? options.Value.TokenLifetime)).ToUnixTimeSeconds());
        var tokenId = Guid.NewGuid().ToString("N");
        var claims = new Dictionary<string, object>
        {
            [Claims.Subject] = grant.SubjectOrDefault,
            [Claims.Role] = grant.Role,
            [Claims.TokenId] = tokenId,
        };
        if (grant.Volunteer is { } volunteer) claims[Claims.VolunteerId] = volunteer.Value;
        if (grant.Organisation is { } organisation) claims[Claims.OrganisationId] = organisation.Value;
        if (grant.Team is { } team) claims[Claims.TeamId] = team.Value;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.LocalIssuer,
            Audience = options.Value.Audience ?? AuthOptions.LocalAudience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = keys.Credentials,
        });
        return new IssuedToken(token, expires, tokenId, grant.SubjectOrDefault);
    }
}
