using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class MusterRuleTests
{
    private static MemberAnswer Yes(string volunteer, int etaMinutes) => new(VolunteerId.Create(volunteer), OfferAnswer.Accept, TimeSpan.FromMinutes(etaMinutes));
    private static MemberAnswer No(string volunteer) => new(VolunteerId.Create(volunteer), OfferAnswer.Decline);

    [Fact]
    public void team_musters_once_its_minimum_members_have_accepted_with_the_eta_of_the_last_needed()
    {
        var result = MusterRule.Evaluate(3, 6, [Yes("a", 12), Yes("b", 5), No("c"), Yes("d", 8)], leaderConfirmed: false);
        Assert.Equal(new MusterResult(MusterOutcome.Mustered, 3, 1, TimeSpan.FromMinutes(12)), result);
    }

    [Fact]
    public void team_short_of_its_minimum_keeps_waiting_while_enough_members_could_still_accept()
    {
        var result = MusterRule.Evaluate(3, 6, [Yes("a", 12), No("b"), No("c")], leaderConfirmed: false);
        Assert.Equal(MusterOutcome.Waiting, result.Outcome);
        Assert.Null(result.EtaOfMinimum);
    }

    [Fact]
    public void too_many_declines_to_reach_the_minimum_means_the_team_cannot_muster()
    {
        var result = MusterRule.Evaluate(3, 4, [No("a"), No("b")], leaderConfirmed: false);
        Assert.Equal(MusterOutcome.CannotMuster, result.Outcome);
    }

    [Fact]
    public void leader_confirmation_musters_the_team_even_below_its_minimum()
    {
        Assert.Equal(MusterOutcome.Mustered, MusterRule.Evaluate(3, 4, [No("a"), No("b")], leaderConfirmed: true).Outcome);
    }

    [Fact]
    public void member_who_changes_their_mind_counts_once_by_their_last_answer()
    {
        var result = MusterRule.Evaluate(2, 3, [Yes("a", 5), Yes("a", 5), No("b"), Yes("b", 9)], leaderConfirmed: false);
        Assert.Equal(new MusterResult(MusterOutcome.Mustered, 2, 0, TimeSpan.FromMinutes(9)), result);
        Assert.Equal(MusterOutcome.Waiting, MusterRule.Evaluate(2, 3, [Yes("a", 5), No("a")], leaderConfirmed: false).Outcome);
    }

    [Fact]
    public void no_answers_yet_is_waiting()
    {
        Assert.Equal(new MusterResult(MusterOutcome.Waiting, 0, 0, null), MusterRule.Evaluate(1, 2, ImmutableArray<MemberAnswer>.Empty, false));
    }

    [Fact]
    public void minimum_below_one_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MusterRule.Evaluate(0, 2, [], false));
    }
}
