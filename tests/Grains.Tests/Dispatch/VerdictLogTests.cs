using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class VerdictLogTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 20, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_later_search_replaces_a_teams_verdict_in_place_and_adds_new_teams_at_the_end()
    {
        var log = new VerdictLog([Verdict("boats", "a", ExclusionReason.NotOnDuty), Verdict("boats", "b", null), Verdict("medics", "a", null)]);

        log.Record(Verdict("boats", "a", null, radius: 20_000));
        log.Record(Verdict("boats", "c", ExclusionReason.Resting, radius: 20_000));
        log.Record(Verdict("medics", "b", null, radius: 20_000));
        log.Record(Verdict("boats", "c", ExclusionReason.NotOnDuty, radius: 40_000));

        Assert.Equal(
            [("boats", "a", (ExclusionReason?)null, 20_000.0), ("boats", "b", null, 10_000), ("medics", "a", null, 10_000),
             ("boats", "c", ExclusionReason.NotOnDuty, 40_000), ("medics", "b", null, 20_000)],
            log.ToImmutable().Select(v => (v.RequirementKey, v.Team.Value, v.Reason, v.RadiusMeters)));
    }

    private static CandidateVerdict Verdict(string requirement, string team, ExclusionReason? reason, double radius = 10_000) =>
        new(requirement, TeamId.Create(team), reason, 1_000, TimeSpan.FromMinutes(5), EscalationLevel.Community, radius, At);
}
