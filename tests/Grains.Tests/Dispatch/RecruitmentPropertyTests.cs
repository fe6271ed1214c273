using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;
using static Mobilize.Grains.Tests.Dispatch.Recruitments;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>Random callouts driven by random answers — duplicates, wrong teams, late and out-of-order answers included —
/// checked against the promises recruitment makes: never over-assign, never a team twice, stand-down releases all.</summary>
public sealed class RecruitmentPropertyTests
{
    private const int Pool = 12;

    /// <summary>One thing that happens to a callout. Kind: 0 accept, 1 decline, 2 answer from the wrong team,
    /// 3 timer fires, 4 fresh candidates; Pick chooses an offer or requirement; Seconds is how much later it happens.</summary>
    public sealed record Event(int Kind, int Pick, int Seconds, int[] Teams);

    public sealed record Scenario(int[] TeamsNeeded, double Factor, int LadderSteps, int[][] Candidates, Event[] Events);

    private static readonly Gen<int[]> TeamPicks = Gen.SubListOf(Enumerable.Range(0, Pool)).SelectMany(l => Gen.Shuffle(l.ToArray()));

    private static readonly Gen<Event> Events =
        from kind in Gen.Frequency((4, Gen.Constant(0)), (4, Gen.Constant(1)), (1, Gen.Constant(2)), (3, Gen.Constant(3)), (2, Gen.Constant(4)))
        from pick in Gen.Choose(0, 40)
        from seconds in Gen.Choose(0, 200)
        from teams in TeamPicks
        select new Event(kind, pick, seconds, teams);

    private static readonly Gen<Scenario> Scenarios =
        from needed in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 3), n))
        from factor in Gen.Elements(1.0, 1.2, 1.5, 2.0, 3.0)
        from steps in Gen.Choose(0, 2)
        from candidates in Gen.ArrayOf(TeamPicks, needed.Length)
        from events in Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Events, n))
        select new Scenario(needed, factor, steps, candidates, events);

    [Fact]
    public void random_callouts_never_over_assign_or_double_assign_and_stand_down_releases_everyone()
    {
        var property = Prop.ForAll(Arb.From(Scenarios), scenario => Run(scenario));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), property);
    }

    private static void Run(Scenario scenario)
    {
        var requirements = scenario.TeamsNeeded.Select((n, i) => Need($"r{i}", n)).ToArray();
        var setup = Setup(scenario.Factor, requirements) with { Ladder = Ladder[..scenario.LadderSteps] };
        var candidates = requirements.Select((r, i) => (r.Key, Ranked([.. scenario.Candidates[i].Select(t => $"t{t}")]))).ToArray();
        var step = Start(setup, candidates);
        var sent = new List<SendOffer>(step.Of<SendOffer>());
        var acceptedByUs = new HashSet<OfferId>();
        var now = T0;
        HoldsPromises(step.State);

        foreach (var e in scenario.Events)
        {
            now = now.AddSeconds(e.Seconds);
            var before = step.State;
            var offers = before.OffersInOrder().ToList();
            step = e.Kind switch
            {
                (0 or 1 or 2) when offers.Count > 0 => Answer(before, offers[e.Pick % offers.Count], e, now),
                3 => RecruitmentDecider.OnTimeouts(before, now),
                4 => RecruitmentDecider.OnCandidates(before, requirements[e.Pick % requirements.Length].Key,
                    Ranked([.. e.Teams.Select(t => $"t{t}")]), now),
                _ => new RecruitmentStep(before, []),
            };
            if (step.IsRejected)
            {
                Assert.Same(before, step.State);
                Assert.Empty(step.Effects);
                continue;
            }
            if (e.Kind == 0 && offers.Count > 0)
            {
                var offer = offers[e.Pick % offers.Count];
                Assert.True(offer.IsPending, "only a pending offer can be accepted");
                Assert.True(acceptedByUs.Add(offer.Id), "an offer is accepted at most once");
            }
            OnlyPendingOffersChange(before, step.State);
            sent.AddRange(step.Of<SendOffer>());
            HoldsPromises(step.State);
        }

        Assert.Equal(sent.Count, sent.Select(s => s.Team).Distinct().Count());
        Assert.Equal(acceptedByUs.Select(o => o.Value).Order(), step.State.Offers.Values.Where(o => o.Status == OfferStatus.Accepted).Select(o => o.Id.Value).Order());

        var stoodDown = RecruitmentDecider.StandDown(step.State, now.AddMinutes(1));
        Assert.Empty(stoodDown.State.PendingOffers());
        Assert.Equal(step.State.Assignments.Keys.Select(t => t.Value).Order(), stoodDown.Of<ReleaseTeam>().Select(r => r.Team.Value).Order());
        Assert.Equal(step.State.PendingOffers().Select(o => o.Id), stoodDown.Of<WithdrawOffer>().Select(w => w.Offer));
    }

    private static RecruitmentStep Answer(RecruitmentState state, Offer offer, Event e, DateTimeOffset now) => e.Kind switch
    {
        2 => RecruitmentDecider.OnAnswer(state, offer.Id, Team($"t{(int.Parse(offer.Team.Value[1..]) + 1) % Pool}"), OfferAnswer.Accept, now),
        var kind => RecruitmentDecider.OnAnswer(state, offer.Id, offer.Team, kind == 0 ? OfferAnswer.Accept : OfferAnswer.Decline, now),
    };

    private static void OnlyPendingOffersChange(RecruitmentState before, RecruitmentState after)
    {
        foreach (var offer in before.Offers.Values.Where(o => !o.IsPending))
            Assert.Equal(offer, after.Offers[offer.Id]);
    }

    private static void HoldsPromises(RecruitmentState state)
    {
        foreach (var r in state.Requirements)
        {
            var assigned = state.Assignments.Count(a => a.Value == r.Key);
            Assert.True(assigned <= r.Spec.Teams, $"{r.Key}: {assigned} assigned for {r.Spec.Teams} needed");
            Assert.Equal(r.Filled, assigned);
            if (r.Status == RequirementStatus.Filled) Assert.Empty(state.PendingOffers(r.Key));
            Assert.Equal(r.Filled == r.Spec.Teams, r.Status == RequirementStatus.Filled);
        }
        var accepted = state.Offers.Values.Where(o => o.Status == OfferStatus.Accepted).ToList();
        Assert.Equal(accepted.Count, accepted.Select(o => o.Team).Distinct().Count());
        Assert.All(accepted, o => Assert.Equal(o.RequirementKey, state.Assignments[o.Team]));
        Assert.Equal(state.Offers.Count, state.Offers.Values.Select(o => o.Team).Distinct().Count());
    }
}
