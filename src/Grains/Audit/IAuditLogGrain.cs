using System.Collections.Immutable;
using System.Globalization;
using Mobilize.Actors;

namespace Mobilize.Grains.Audit;

/// <summary>One UTC day of the audit log (keyed by <see cref="AuditDays.Key"/>): every view of unmasked personal data,
/// appended before the data is shown, never changed afterwards.</summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    Task Append(AuditEntry entry);

    [ReadOnly]
    Task<ImmutableArray<AuditEntry>> Get();
}

/// <param name="Who">The caller's token subject.</param>
/// <param name="Action">What was seen, e.g. <c>volunteer.unmasked</c>.</param>
/// <param name="Subject">Whose data: the volunteer's id.</param>
/// <param name="Reason">Why, as the caller stated it.</param>
public sealed record AuditEntry(DateTimeOffset At, string Who, string Role, string Action, string Subject, string Reason);

public static class AuditDays
{
    public static string Key(DateOnly day) => "audit-" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Of(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
