using System.Collections.Immutable;
using Mobilize.Actors;

namespace Mobilize.Grains.Audit;

internal sealed record AuditLogState(ImmutableArray<AuditEntry> Entries);

[GrainType("audit-log")]
internal sealed class AuditLogGrain([PersistentState("audit")] IPersistentState<AuditLogState?> state) : Grain, IAuditLogGrain
{
    public async Task Append(AuditEntry entry)
    {
        state.State = new AuditLogState((state.State?.Entries ?? []).Add(entry));
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<AuditEntry>> Get() => Task.FromResult(state.State?.Entries ?? []);
}
