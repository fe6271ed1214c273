using Mobilize.Grains.Shared;


namespace Mobilize.Grains.Revocation;

[GrainType("revocation-list")]
internal sealed class RevocationListGrain([PersistentState("revocations")] IPersistentState<RevocationList> state, WallClock time)
    : Grain, IRevocationListGrain
{
    private RevocationList List => state.Stored() ?? RevocationList.Empty;

    public async Task<RevocationList> RevokeToken(TokenRevocation revocation)
    {
        if (List.Tokens.ContainsKey(revocation.TokenId)) return List;
        return await Write(List with { Tokens = List.Tokens.SetItem(revocation.TokenId, revocation) });
    }

    public async Task<RevocationList> RevokeSubject(SubjectRevocation revocation)
    {
        if (List.Subjects.TryGetValue(revocation.Subject, out var earlier) && earlier.IssuedUpTo >= revocation.IssuedUpTo) return List;
        return await Write(List with { Subjects = List.Subjects.SetItem(revocation.Subject, revocation) });
    }

    public Task<RevocationList> Get() => Task.FromResult(List);

    private async Task<RevocationList> Write(RevocationList next)
    {
        // Pruned on each write: revocations are rare, and an entry outliving its tokens refuses nothing.
        state.State = next.Pruned(time.GetUtcNow()) with { Version = List.Version + 1 };
        await state.WriteStateAsync();
        return state.State;
    }
}
