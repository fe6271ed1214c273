using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;

namespace Mobilize.Grains.Exercises;

/// <summary>Whether an exercise assignment takes a team out of real availability, beside the eligibility gate.</summary>
/// <remarks>
/// An exercise chooses, and the default is no: a drill must never leave a flood short of teams. A team on such an
/// exercise stays a candidate for real incidents (the dispatch directory sees it free), and when it musters for a real
/// offer it leaves the exercise, which records it as called away. An exercise that takes volunteers from real duty
/// holds the team exactly like a real task. Exercises never pull a team off a real task or off another exercise.
/// </remarks>
public static class ExerciseAvailability
{
    /// <summary>The current assignment still leaves the team free for real incidents.</summary>
    public static bool LeavesTeamAvailable(TeamAssignment? current) =>
        current is { Exercise: true, TakesFromRealDuty: false };

    /// <summary>The team may muster for <paramref name="offer"/> while on <paramref name="current"/>.</summary>
    public static bool MayTake(TeamAssignment? current, TeamOffer offer) =>
        current is null || (!offer.Exercise && LeavesTeamAvailable(current));

    /// <summary>The card the dispatch directory should see: an exercise that leaves the team available is hidden, and so
    /// is the deployment of its members, who count as available again.</summary>
    public static TeamCard AsSeenByDispatch(TeamCard card, TeamAssignment? current)
    {
        if (!LeavesTeamAvailable(current)) return card;
        var exercise = current!.Incident;
        return card with
        {
            CurrentIncident = card.CurrentIncident == exercise ? null : card.CurrentIncident,
            Members = [.. card.Members.Select(m => m.Readiness.CurrentIncident == exercise
                ? m with { Readiness = m.Readiness with { CurrentIncident = null, Status = DutyStatus.Available } }
                : m)],
        };
    }
}
