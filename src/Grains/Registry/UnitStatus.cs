using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>Where a team stands as a unit status board shows it (单位状态): its duty, or how far along its task it is.</summary>
[GenerateSerializer, Alias("mobilize.registry.unit-status")]
public enum UnitStatus
{
    Available = 0,
    OnCall,
    /// <summary>On duty and holding an offer its members are still answering.</summary>
    Offered,
    /// <summary>Taken by an incident; no deployed member has reported a position or arrived since.</summary>
    Mustered,
    /// <summary>Taken, and a deployed member's phone has reported a position since the muster: on the way.</summary>
    EnRoute,
    /// <summary>A deployed member checked in at the incident; stays so until the stand-down.</summary>
    OnScene,
    Resting,
    Off,
}

/// <summary>How far one member of an offered team has got, for "who is coming".</summary>
[GenerateSerializer, Alias("mobilize.registry.arrival-state")]
public enum ArrivalState
{
    /// <summary>The team has not mustered, or the member was not deployed with it.</summary>
    NotDeployed = 0,
    Mustered,
    EnRoute,
    CheckedIn,
    CheckedOut,
}

/// <summary>A deployed member's arrival and departure at the team's task, as the team keeps it.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.member-attendance")]
public sealed record MemberAttendance(VolunteerId Volunteer, DateTimeOffset CheckedIn, DateTimeOffset? CheckedOut = null);

/// <summary>
/// Derives the board's statuses from what the team already holds; nothing here is reported by anyone as a status.
/// No one reports "en route" or "on scene" as such, so they follow from the facts that stand for them: an accepted
/// offer is a muster; a position a deployed member's phone sends after the muster means they are moving (phones report
/// while on a task); a check-in means the team is there, until the stand-down (a member checking out ends their
/// hours, not the team's task).
/// </summary>
public static class UnitStatusRule
{
    /// <param name="duty">The team's effective duty now (<see cref="TeamFacts.Status"/>).</param>
    /// <param name="holdsOpenOffer">An offer the team holds is still open and before its deadline.</param>
    public static UnitStatus Of(DutyStatus duty, bool holdsOpenOffer, TeamAssignment? assignment, IEnumerable<MemberCard> members)
    {
        if (assignment is not null)
        {
            if (assignment.Attendance is { Length: > 0 }) return UnitStatus.OnScene;
            var moved = members.Any(m => assignment.Deployed.Contains(m.Volunteer) && MovedSince(m, assignment.Since));
            return moved ? UnitStatus.EnRoute : UnitStatus.Mustered;
        }
        return duty switch
        {
            DutyStatus.Available when holdsOpenOffer => UnitStatus.Offered,
            DutyStatus.OnCall when holdsOpenOffer => UnitStatus.Offered,
            DutyStatus.Available => UnitStatus.Available,
            DutyStatus.OnCall => UnitStatus.OnCall,
            DutyStatus.Resting => UnitStatus.Resting,
            // Assigned without an assignment of its own: held by an exercise the directory sees through; off otherwise.
            DutyStatus.Assigned => UnitStatus.Mustered,
            _ => UnitStatus.Off,
        };
    }

    /// <summary>One member's progress on <paramref name="assignment"/> (null: the team holds no task for this offer).</summary>
    public static ArrivalState Arrival(VolunteerId volunteer, TeamAssignment? assignment, MemberCard? card)
    {
        if (assignment is null || !assignment.Deployed.Contains(volunteer)) return ArrivalState.NotDeployed;
        var attended = assignment.Attendance?.FirstOrDefault(a => a.Volunteer == volunteer);
        if (attended is not null) return attended.CheckedOut is null ? ArrivalState.CheckedIn : ArrivalState.CheckedOut;
        return card is not null && MovedSince(card, assignment.Since) ? ArrivalState.EnRoute : ArrivalState.Mustered;
    }

    /// <summary>The member's attendance after a check-in or check-out at <paramref name="at"/>: one line per member,
    /// the latest visit (a member who left and came back is there again).</summary>
    public static ImmutableArray<MemberAttendance> Attend(ImmutableArray<MemberAttendance>? attendance, VolunteerId volunteer, bool arrived, DateTimeOffset at)
    {
        var lines = attendance ?? [];
        var known = lines.FirstOrDefault(a => a.Volunteer == volunteer);
        MemberAttendance? next = (arrived, known) switch
        {
            (true, null) => new MemberAttendance(volunteer, at),
            (true, { CheckedOut: not null }) => new MemberAttendance(volunteer, at),
            (false, { CheckedOut: null }) => known with { CheckedOut = at },
            // A check-out with no check-in kept here (one made before the team kept attendance): no arrival to record.
            (false, null) => null,
            _ => known,
        };
        if (next is null || next == known) return lines;
        return known is null ? lines.Add(next) : lines.Replace(known, next);
    }

    /// <summary>Capability → members whose certification for it is valid on <paramref name="date"/>, deployed or not: a
    /// board filtered by capability must still list the team that is on scene with it (the gate's own count leaves
    /// out members who cannot deploy now).</summary>
    public static ImmutableDictionary<string, int> Capabilities(IEnumerable<MemberCard> members, DateOnly date) =>
        members.SelectMany(m => m.Certifications.Where(c => c.IsValidOn(date)).Select(c => c.Capability).Distinct(StringComparer.Ordinal))
            .GroupBy(c => c, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static bool MovedSince(MemberCard member, DateTimeOffset since) =>
        member.Readiness.LastLocation is { } report && report.ReportedAt > since;
}
