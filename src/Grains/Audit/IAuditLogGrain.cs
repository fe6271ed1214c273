using System.Collections.Immutable;
using System.Globalization;

namespace Mobilize.Grains.Audit;

/// <summary>One UTC day of the audit log (keyed by <see cref="AuditDays.Key"/>): every view of unmasked personal data
/// and every revocation, appended before the data is shown or the act takes effect, never changed afterwards.</summary>
[Alias("mobilize.audit.audit-log-grain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    [Alias("Append")]
    Task Append(AuditEntry entry);

    /// <summary>Appends the entry unless the same who, action, subject and reason was written less than
    /// <paramref name="window"/> before it (see <see cref="AuditWindows"/>); true when it was written.</summary>
    [Alias("AppendUnlessRecent")]
    Task<bool> AppendUnlessRecent(AuditEntry entry, TimeSpan window);

    [ReadOnly]
    [Alias("Get")]
    Task<ImmutableArray<AuditEntry>> Get();
}

/// <param name="Who">The caller's token subject.</param>
/// <param name="Action">What was seen, e.g. <c>volunteer.unmasked</c>.</param>
/// <param name="Subject">Whose data or access: a volunteer's id, a token's id, a token subject.</param>
/// <param name="Reason">Why, as the caller stated it, or the incident a precise position was seen for.</param>
[GenerateSerializer, Immutable, Alias("mobilize.audit.audit-entry")]
public sealed record AuditEntry(DateTimeOffset At, string Who, string Role, string Action, string Subject, string Reason);

public static class AuditDays
{
    public static string Key(DateOnly day) => "audit-" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Of(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}

/// <summary>Views repeated by a page that refreshes are one entry per window: the log answers "who followed whose
/// position, for which incident, when" without a row per poll.</summary>
public static class AuditWindows
{
    public static bool IsNew(DateTimeOffset? lastWritten, DateTimeOffset at, TimeSpan window) =>
        lastWritten is not { } last || at - last >= window || at < last;
}
