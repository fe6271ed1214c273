using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>Which organisation's teams an escalation level may recruit: the level names a jurisdiction above (or at)
/// the incident's organisation, and only teams of that jurisdiction or beneath it are searched. Crossing the city is
/// mutual aid, which only a ladder that names <see cref="EscalationLevel.MutualAid"/> reaches.</summary>
public static class RecruitmentJurisdiction
{
    /// <summary>The organisation whose teams <paramref name="level"/> recruits, or null for mutual aid (no bound).</summary>
    /// <param name="ladder">The incident's organisation and those above it, nearest first, up to the city. Every
    /// organisation's parent is one level up, so the node for a level is found by its distance from the city.</param>
    public static OrganisationId? At(ImmutableArray<OrganisationId> ladder, EscalationLevel level)
    {
        if (level >= EscalationLevel.MutualAid || ladder.IsDefaultOrEmpty) return null;
        // Escalation levels count up from Community (0) to City (3); the ladder's last node is the city.
        var index = ladder.Length - 1 - (EscalationLevel.City - level);
        return ladder[Math.Clamp(index, 0, ladder.Length - 1)];
    }

    /// <summary>The team may be recruited at this level (always, under mutual aid).</summary>
    public static bool Admits(OrganisationId? jurisdiction, CandidateFacts team) => jurisdiction is not { } j || team.BelongsTo(j);
}
