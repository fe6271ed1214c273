using System.Collections.Immutable;

namespace Mobilize.Grains.Audit;

[GenerateSerializer, Immutable, Alias("mobilize.audit.audit-log-state")]
internal sealed record AuditLogState(ImmutableArray<AuditEntry> Entries);

[GrainType("audit-log")]
internal sealed class AuditLogGrain([PersistentState("audit")] IPersistentState<AuditLogState> state) : Grain, IAuditLogGrain
{
    // When each (who, action, subject, reason) was last written; rebuilt from the entries after each activation.
    private Dictionary<(string, string, string, string), DateTimeOffset>? _latest;

    public async Task Append(AuditEntry entry)
    {
        state.State = new AuditLogState((state.Stored()?.Entries ?? []).Add(entry));
        await state.WriteStateAsync();
        if (_latest is not null) _latest[KeyOf(entry)] = entry.At;
    }

    public async Task<bool> AppendUnlessRecent(AuditEntry entry, TimeSpan window)
    {
        _latest ??= (state.Stored()?.Entries ?? []).GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.Max(e => e.At));
        if (!AuditWindows.IsNew(_latest.TryGetValue(KeyOf(entry), out var last) ? last : null, entry.At, window)) return false;
        await Append(entry);
        return true;
    }

    public Task<ImmutableArray<AuditEntry>> Get() => Task.FromResult(state.Stored()?.Entries ?? []);

    private static (string, string, string, string) KeyOf(AuditEntry e) => (e.Who, e.Action, e.Subject, e.Reason);
}
