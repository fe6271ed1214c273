using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Orleans;
using Mobilize.Grains;
using Mobilize.Grains.Revocation;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Access;

/// <summary>What a validated token says about itself that revocation and expiry need.</summary>
/// <param name="Volunteer">The <c>volunteerId</c> claim: the person a volunteer's or leader's token is for, whatever its <c>sub</c>.</param>
public sealed record TokenFacts(string? TokenId, string? Subject, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt, string? Volunteer = null)
{
    public static TokenFacts From(ClaimsPrincipal user) => new(
        user.FindFirst(Claims.TokenId)?.Value,
        user.FindFirst(Claims.Subject)?.Value,
        UnixTime(user.FindFirst(Claims.IssuedAt)?.Value),
        UnixTime(user.FindFirst(Claims.ExpiresAt)?.Value),
        user.FindFirst(Claims.VolunteerId)?.Value);

    public bool IsRevokedBy(RevocationList list) => list.Revokes(TokenId, Subject, Volunteer, IssuedAt);

    private static DateTimeOffset? UnixTime(string? seconds) =>
        long.TryParse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}

/// <summary>The revocation list as this process checks it on every request and hub call: a copy of the grain's list,
/// loaded before the silo reports started and replaced by the grain's answer to each revocation. There is one silo
/// per process and every revocation goes through it, so the copy never lags the grain.</summary>
public sealed class TokenRevocations(IGrainFactory grains, IOptions<AuthOptions> auth, WallClock time)
{
    private readonly Lock _gate = new();
    private RevocationList? _list;

    /// <summary>Raised after each revocation with the new list, so open hub connections it refuses can be closed.</summary>
    public event Action<RevocationList>? Revoked;

    /// <summary>False until the silo's start-up has loaded the list; until then no token can be checked.</summary>
    public bool IsLoaded => Volatile.Read(ref _list) is not null;

    public RevocationList Current => Volatile.Read(ref _list) ?? throw new InvalidOperationException("The revocation list is not loaded yet.");

    public async Task LoadAsync() => Publish(await grains.Revocations().Get(), announce: false);

    public bool Revokes(TokenFacts token) => token.IsRevokedBy(Current);

    public async Task<TokenRevocation> RevokeToken(string tokenId, Caller by, string reason)
    {
        var now = time.GetUtcNow();
        var list = await grains.Revocations().RevokeToken(new TokenRevocation(tokenId, now, by.Subject, reason, KeepUntil(now)));
        Publish(list, announce: true);
        return list.Tokens[tokenId];
    }

    public async Task<SubjectRevocation> RevokeSubject(string subject, Caller by, string reason)
    {
        var now = time.GetUtcNow();
        var list = await grains.Revocations().RevokeSubject(new SubjectRevocation(subject, now, now, by.Subject, reason, KeepUntil(now)));
        Publish(list, announce: true);
        return list.Subjects[subject];
    }

    /// <summary>Until every token issued by now has expired: the longest lifetime this server mints (an external
    /// issuer's tokens are expected to live no longer than 30 days either).</summary>
    private DateTimeOffset KeepUntil(DateTimeOffset now)
    {
        var longest = new[] { TimeSpan.FromMinutes(TokensApi.MaxLifetimeMinutes), auth.Value.TokenLifetime, auth.Value.AdministratorTokenLifetime }.Max();
        return now + longest + AccessExtensions.ClockSkew;
    }

    private void Publish(RevocationList list, bool announce)
    {
        lock (_gate)
        {
            // Two revocations answered out of order: the later version wins.
            if (_list is { } held && held.Version > list.Version) return;
            Volatile.Write(ref _list, list);
        }
        if (announce) Revoked?.Invoke(list);
    }
}
