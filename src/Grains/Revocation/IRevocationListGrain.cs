using System.Collections.Immutable;

namespace Mobilize.Grains.Revocation;

/// <summary>The tokens that no longer count, kept durably (one grain, key <see cref="RevocationList.Key"/>): single
/// tokens by their id (<c>jti</c>) and every token of a subject issued up to some moment. Entries are forgotten once
/// every token they could refuse has expired anyway.</summary>
[Alias("mobilize.revocation.revocation-list-grain")]
public interface IRevocationListGrain : IGrainWithStringKey
{
    /// <summary>Refuses the token with this id from now on; revoking it again keeps the first revocation.</summary>
    [Alias("RevokeToken")]
    Task<RevocationList> RevokeToken(TokenRevocation revocation);

    /// <summary>Refuses every token of the subject issued up to <see cref="SubjectRevocation.IssuedUpTo"/>; a later
    /// revocation of the same subject moves that moment forward, never back.</summary>
    [Alias("RevokeSubject")]
    Task<RevocationList> RevokeSubject(SubjectRevocation revocation);

    [ReadOnly]
    [Alias("Get")]
    Task<RevocationList> Get();
}

/// <param name="TokenId">The token's <c>jti</c>.</param>
/// <param name="Who">The administrator's token subject.</param>
/// <param name="KeepUntil">When every token that could carry this id has expired; the entry is dropped after it.</param>
[GenerateSerializer, Immutable, Alias("mobilize.revocation.token-revocation")]
public sealed record TokenRevocation(string TokenId, DateTimeOffset RevokedAt, string Who, string Reason, DateTimeOffset KeepUntil);

/// <param name="Subject">The token <c>sub</c>: a person (<c>commander.zhang</c>) or a role and id (<c>volunteer:v-17</c>).</param>
/// <param name="IssuedUpTo">Tokens issued at or before this moment (to the second, as tokens carry it) are refused.</param>
[GenerateSerializer, Immutable, Alias("mobilize.revocation.subject-revocation")]
public sealed record SubjectRevocation(string Subject, DateTimeOffset IssuedUpTo, DateTimeOffset RevokedAt, string Who, string Reason,
    DateTimeOffset KeepUntil);

/// <summary>Every revocation in force, and the one rule that reads it.</summary>
/// <param name="Version">Counts the writes, so a copy can tell the newer of two lists.</param>
[GenerateSerializer, Immutable, Alias("mobilize.revocation.revocation-list")]
public sealed record RevocationList(ImmutableDictionary<string, TokenRevocation> Tokens, ImmutableDictionary<string, SubjectRevocation> Subjects,
    long Version)
{
    public const string Key = "revocations";

    public static readonly RevocationList Empty = new(ImmutableDictionary<string, TokenRevocation>.Empty, ImmutableDictionary<string, SubjectRevocation>.Empty, 0);

    /// <summary>True when the token is refused: its id is revoked, or its subject was revoked after it was issued. A token
    /// that says neither when it was issued nor its id is judged by its subject alone, as issued long ago.</summary>
    public bool Revokes(string? tokenId, string? subject, DateTimeOffset? issuedAt) => Revokes(tokenId, subject, null, issuedAt);

    /// <summary>As <see cref="Revokes(string?, string?, DateTimeOffset?)"/>, for a token that also names a volunteer: it is
    /// refused when any subject that names the same person was revoked (see <see cref="SubjectsOf"/>).</summary>
    public bool Revokes(string? tokenId, string? subject, string? volunteer, DateTimeOffset? issuedAt)
    {
        if (tokenId is not null && Tokens.ContainsKey(tokenId)) return true;
        foreach (var named in SubjectsOf(subject, volunteer))
            if (Subjects.TryGetValue(named, out var s) && (issuedAt ?? DateTimeOffset.MinValue) <= s.IssuedUpTo)
                return true;
        return false;
    }

    public const string VolunteerSubjectPrefix = "volunteer:";

    public const string TeamLeaderSubjectPrefix = "team-leader:";

    /// <summary>Every subject that names the person a token is for: its own <c>sub</c>, and for a token scoped to a
    /// volunteer (whatever its role or <c>sub</c>: a phone, a leader's token, one a minter or an external issuer named
    /// otherwise) both subjects the server gives that volunteer. Revoking any of them signs the person out everywhere.</summary>
    public static IEnumerable<string> SubjectsOf(string? subject, string? volunteer)
    {
        if (subject is not null) yield return subject;
        if (string.IsNullOrEmpty(volunteer)) yield break;
        var asVolunteer = VolunteerSubjectPrefix + volunteer;
        var asLeader = TeamLeaderSubjectPrefix + volunteer;
        if (subject != asVolunteer) yield return asVolunteer;
        if (subject != asLeader) yield return asLeader;
    }

    /// <summary>Without the entries whose tokens have all expired by <paramref name="now"/>.</summary>
    public RevocationList Pruned(DateTimeOffset now) => this with
    {
        Tokens = Tokens.RemoveRange(Tokens.Where(t => t.Value.KeepUntil < now).Select(t => t.Key)),
        Subjects = Subjects.RemoveRange(Subjects.Where(s => s.Value.KeepUntil < now).Select(s => s.Key)),
    };
}
