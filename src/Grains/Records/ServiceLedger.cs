using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Records;

/// <summary>Pure rules over the append-only ledger: which entries may be appended and what hours they add up to.</summary>
public static class ServiceLedger
{
    /// <summary>Why <paramref name="entry"/> may not follow <paramref name="ledger"/>, or null. Check-ins and check-outs
    /// alternate per incident, and time never runs backwards, so the record stays true (真实、准确).</summary>
    public static string? Problem(ImmutableList<ServiceEntry> ledger, ServiceEntry entry)
    {
        var last = ledger.LastOrDefault(e => e.Incident == entry.Incident);
        if (entry.Kind == ServiceEntryKind.CheckIn && last is { Kind: ServiceEntryKind.CheckIn })
            return "already checked in";
        if (entry.Kind == ServiceEntryKind.CheckOut && last is not { Kind: ServiceEntryKind.CheckIn })
            return "not checked in";
        if (last is not null && entry.At < last.At) return "is earlier than the previous entry";
        return null;
    }

    /// <summary>True when <paramref name="entry"/> repeats the last entry for its incident (a retried request).</summary>
    public static bool IsRepeat(ImmutableList<ServiceEntry> ledger, ServiceEntry entry) =>
        ledger.LastOrDefault(e => e.Incident == entry.Incident) is { } last && last.Kind == entry.Kind && last.Team == entry.Team;

    public static ImmutableArray<ServiceSession> Sessions(IEnumerable<ServiceEntry> ledger)
    {
        var open = new Dictionary<IncidentId, ServiceEntry>();
        var sessions = ImmutableArray.CreateBuilder<ServiceSession>();
        foreach (var entry in ledger)
        {
            if (entry.Kind == ServiceEntryKind.CheckIn)
            {
                open[entry.Incident] = entry;
            }
            else if (open.Remove(entry.Incident, out var checkIn))
            {
                sessions.Add(new ServiceSession(checkIn.Incident, checkIn.Team, checkIn.At, entry.At, checkIn.Exercise));
            }
        }
        sessions.AddRange(open.Values.OrderBy(e => e.At).Select(e => new ServiceSession(e.Incident, e.Team, e.At, null, e.Exercise)));
        return sessions.ToImmutable();
    }

    public static ServiceSummary Summarise(VolunteerId volunteer, ImmutableList<ServiceEntry> ledger)
    {
        var sessions = Sessions(ledger);
        var done = sessions.Where(s => s.CheckedOut is not null).ToList();
        return new ServiceSummary(
            volunteer,
            done.Where(s => !s.Exercise).Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration),
            done.Where(s => s.Exercise).Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration),
            done.Select(s => s.Incident).Distinct().Count(),
            sessions,
            [.. ledger]);
    }
}
