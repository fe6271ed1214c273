using System.Collections.Immutable;
using Mobilize.Grains.Registry;

namespace Mobilize.Grains.Readiness;

/// <summary>Pure readiness rules; the time is always passed in so grains and tests agree on "now".</summary>
public static class ReadinessRules
{
    /// <summary>The status as of <paramref name="at"/>: a shift that has ended is Off, a rest that has ended is Available.</summary>
    /// <remarks>Deadlines are stored rather than cleared by a timer, so a missed timer (restart, crash) cannot leave anyone stuck.</remarks>
    public static DutyStatus EffectiveStatus(VolunteerReadiness readiness, DateTimeOffset at) => readiness.Status switch
    {
        DutyStatus.OnCall when readiness.OnCallUntil is { } end && end <= at => DutyStatus.Off,
        DutyStatus.Resting when readiness.RestUntil is { } end && end <= at => DutyStatus.Available,
        var status => status,
    };

    /// <summary>True when a report exists and is no older than <paramref name="maxAge"/>; a report from the future
    /// (phone clock ahead) counts as fresh rather than punishing the volunteer for it.</summary>
    public static bool IsLocationFresh(LocationReport? report, DateTimeOffset at, TimeSpan maxAge) =>
        report is not null && at - report.ReportedAt <= maxAge;

    /// <summary>Capability codes for which at least one certification is valid on <paramref name="date"/>.</summary>
    public static ImmutableHashSet<string> ValidCapabilities(IEnumerable<Certification> certifications, DateOnly date) =>
        certifications.Where(c => c.IsValidOn(date)).Select(c => c.Capability).ToImmutableHashSet(StringComparer.Ordinal);

    /// <summary>Capability codes held only through certifications that have expired by <paramref name="date"/>;
    /// the gate uses it to say "expired" rather than "missing".</summary>
    public static ImmutableHashSet<string> ExpiredCapabilities(IEnumerable<Certification> certifications, DateOnly date)
    {
        var list = certifications as IReadOnlyCollection<Certification> ?? certifications.ToList();
        var valid = ValidCapabilities(list, date);
        return list.Where(c => c.Expires < date && !valid.Contains(c.Capability))
            .Select(c => c.Capability).ToImmutableHashSet(StringComparer.Ordinal);
    }

    public static bool IsInsuredOn(Insurance? insurance, DateOnly date) => insurance is not null && insurance.IsValidOn(date);
}
