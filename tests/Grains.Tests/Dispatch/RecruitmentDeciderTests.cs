using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;
using static Mobilize.Grains.Tests.Dispatch.Recruitments;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class RecruitmentDeciderTests
{
    [Fact]
    public void first_wave_offers_the_nearest_teams_times_the_over_offer_factor()
    {
        var step = Start(Setup(1.5, Need("boats", 2)), ("boats", Ranked("t1", "t2", "t3", "t4", "t5")));
        Assert.Equal(["t1", "t2", "t3"], step.OfferedTeams());
        Assert.All(step.Of<SendOffer>(), o => Assert.Equal(T0 + OfferTimeout, o.ExpiresAt));
        Assert.Equal(new ArmTimer(T0 + OfferTimeout), step.Effects[^1]);
        Assert.All(step.State.Offers.Values, o => Assert.Equal(1, o.Wave));
    }

    [Fact]
    public void offer_ids_are_derived_from_the_incident_and_repeat_for_the_same_inputs()
    {
        var setup = Setup(1.5, Need("boats", 2), Need("medics", 1, "medical"));
        var first = Start(setup, ("boats", Ranked("t1", "t2", "t3")), ("medics", Ranked("m1")));
        var again = Start(setup, ("boats", Ranked("t1", "t2", "t3")), ("medics", Ranked("m1")));
        Assert.Equal(["inc-flood-1.o1", "inc-flood-1.o2", "inc-flood-1.o3", "inc-flood-1.o4"], first.Of<SendOffer>().Select(o => o.Offer.Value));
        Assert.Equal(first.Effects.AsEnumerable(), again.Effects.AsEnumerable());
        Assert.Equal(first.State.Timeline, again.State.Timeline);
    }

    [Fact]
    public void decline_moves_offer_to_next_nearest_team()
    {
        var started = Start(Setup(1.0, Need("boats", 1)), ("boats", Ranked("t1", "t2", "t3"))).State;
        var step = started.Decline("t1");
        Assert.Equal(["t2"], step.OfferedTeams());
        Assert.Equal(OfferStatus.Declined, step.State.Offers[started.OfferTo("t1")].Status);
        Assert.Equal(2, step.State.Offers[step.State.OfferTo("t2")].Wave);
    }

    [Fact]
    public void silent_team_times_out_and_the_next_team_is_asked_with_the_timer_rearmed()
    {
        var started = Start(Setup(1.0, Need("boats", 1)), ("boats", Ranked("t1", "t2"))).State;
        var at = T0 + OfferTimeout;
        var step = RecruitmentDecider.OnTimeouts(started, at);
        Assert.Equal(OfferStatus.TimedOut, step.State.Offers[started.OfferTo("t1")].Status);
        Assert.Equal(["t2"], step.OfferedTeams());
        Assert.Equal(new ArmTimer(at + OfferTimeout), step.Of<ArmTimer>().Single());
    }

    [Fact]
    public void timeout_before_the_deadline_changes_nothing_but_rearms_the_timer()
    {
        var started = Start(Setup(1.0, Need("boats", 1)), ("boats", Ranked("t1", "t2"))).State;
        var step = RecruitmentDecider.OnTimeouts(started, T0 + OfferTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(started.Offers, step.State.Offers);
        Assert.Equal([new ArmTimer(T0 + OfferTimeout)], step.Effects.AsEnumerable());
    }

    [Fact]
    public void filled_requirement_withdraws_remaining_offers_as_not_needed()
    {
        var started = Start(Setup(2.0, Need("boats", 2)), ("boats", Ranked("t1", "t2", "t3", "t4"))).State;
        var afterFirst = started.Accept("t3").State;
        var step = afterFirst.Accept("t1");
        Assert.Equal(new RequirementFilled("boats"), step.Of<RequirementFilled>().Single());
        Assert.Equal(["t2", "t4"], step.Of<WithdrawOffer>().Select(w => w.Team.Value));
        Assert.All(step.Of<WithdrawOffer>(), w => Assert.Equal(WithdrawalReason.NotNeeded, w.Reason));
        Assert.Equal(RequirementStatus.Filled, step.State.Requirement("boats")!.Status);
        Assert.Empty(step.State.PendingOffers());
        Assert.Equal(["t1", "t3"], step.State.Assignments.Keys.Select(t => t.Value).Order());
    }

    [Fact]
    public void late_accept_after_the_requirement_filled_is_refused_as_requirement_full_and_changes_nothing()
    {
        var started = Start(Setup(2.0, Need("boats", 1)), ("boats", Ranked("t1", "t2"))).State;
        var filled = started.Accept("t1").State;
        var late = filled.Accept("t2");
        Assert.Equal(AnswerRejection.RequirementFull, late.Rejection);
        Assert.Same(filled, late.State);
        Assert.Empty(late.Effects);
    }

    [Fact]
    public void answer_for_another_teams_offer_is_refused()
    {
        var started = Start(Setup(2.0, Need("boats", 1)), ("boats", Ranked("t1", "t2"))).State;
        var step = RecruitmentDecider.OnAnswer(started, started.OfferTo("t1"), Team("t2"), OfferAnswer.Accept, T0);
        Assert.Equal(AnswerRejection.NotYourOffer, step.Rejection);
        Assert.Same(started, step.State);
    }

    [Fact]
    public void second_answer_to_the_same_offer_is_refused_as_already_answered()
    {
        var started = Start(Setup(1.0, Need("boats", 2)), ("boats", Ranked("t1", "t2", "t3"))).State;
        var accepted = started.Accept("t1").State;
        Assert.Equal(AnswerRejection.AlreadyAnswered, accepted.Accept("t1").Rejection);
        Assert.Equal(AnswerRejection.AlreadyAnswered, accepted.Decline("t1").Rejection);
    }

    [Fact]
    public void accept_arriving_after_the_deadline_is_refused_as_expired_even_before_the_timer_fired()
    {
        var started = Start(Setup(1.0, Need("boats", 1)), ("boats", Ranked("t1", "t2"))).State;
        Assert.Equal(AnswerRejection.OfferExpired, started.Accept("t1", T0 + OfferTimeout).Rejection);
        var timedOut = RecruitmentDecider.OnTimeouts(started, T0 + OfferTimeout).State;
        Assert.Equal(AnswerRejection.OfferExpired, timedOut.Accept("t1", T0 + OfferTimeout).Rejection);
    }

    [Fact]
    public void unknown_offer_is_refused()
    {
        var started = Start(Setup(1.0, Need("boats", 1)), ("boats", Ranked("t1"))).State;
        var step = RecruitmentDecider.OnAnswer(started, OfferId.Create("inc-flood-1.o99"), Team("t1"), OfferAnswer.Accept, T0);
        Assert.Equal(AnswerRejection.UnknownOffer, step.Rejection);
    }

    [Fact]
    public void team_offered_for_one_requirement_is_not_offered_for_another()
    {
        var step = Start(Setup(1.0, Need("boats", 1), Need("pumps", 2, "pumping")),
            ("boats", Ranked("t1", "t2")), ("pumps", Ranked("t1", "p1", "p2")));
        Assert.Equal(["t1", "p1", "p2"], step.OfferedTeams());
        Assert.Equal("boats", step.State.Offers.Values.Single(o => o.Team == Team("t1")).RequirementKey);
    }

    [Fact]
    public void declined_team_is_never_offered_again_even_when_a_wider_search_finds_it()
    {
        var started = Start(Setup(1.0, Need("boats", 1)), ("boats", Ranked("t1"))).State;
        var escalated = started.Decline("t1");
        var need = escalated.Of<NeedCandidates>().Single();
        Assert.Contains(Team("t1"), need.AlreadyOffered);
        var step = RecruitmentDecider.OnCandidates(escalated.State, "boats", Ranked("t1", "t9"), T0.AddMinutes(2));
        Assert.Equal(["t9"], step.OfferedTeams());
    }

    [Fact]
    public void running_out_of_candidates_climbs_the_ladder_widening_the_radius()
    {
        var started = Start(Setup(1.0, Need("boats", 1)), ("boats", Ranked("t1"))).State;
        var first = started.Decline("t1");
        Assert.Equal(new NeedCandidates("boats", 20_000, EscalationLevel.Street, first.State.Offered), first.Of<NeedCandidates>().Single());
        Assert.Equal(RequirementStatus.AwaitingCandidates, first.State.Requirement("boats")!.Status);

        var second = RecruitmentDecider.OnCandidates(first.State, "boats", [], T0.AddMinutes(2));
        var need = second.Of<NeedCandidates>().Single();
        Assert.Equal((50_000d, EscalationLevel.District), (need.RadiusMeters, need.Level));
        Assert.Contains(second.State.Timeline, e => e.Kind == TimelineKinds.Escalated && e.Detail!.StartsWith("District"));
    }

    [Fact]
    public void requirement_is_marked_unfillable_past_the_last_ladder_step()
    {
        var started = Start(Setup(1.0, Need("boats", 2)), ("boats", Ranked("t1"))).State;
        var state = started.Accept("t1").State;
        state = RecruitmentDecider.OnCandidates(state, "boats", [], T0.AddMinutes(2)).State;
        var last = RecruitmentDecider.OnCandidates(state, "boats", [], T0.AddMinutes(3));
        Assert.Equal(new Unfillable("boats"), last.Of<Unfillable>().Single());
        Assert.Equal(RequirementStatus.Unfillable, last.State.Requirement("boats")!.Status);
        Assert.Equal(1, last.State.Requirement("boats")!.Filled);
        Assert.Equal(TimelineKinds.Unfillable, last.State.Timeline[^1].Kind);
        Assert.Equal(T0.AddMinutes(3), last.State.Timeline[^1].At);
    }

    [Fact]
    public void pending_offers_hold_escalation_back_until_they_are_answered()
    {
        var started = Start(Setup(1.0, Need("boats", 2)), ("boats", Ranked("t1", "t2"))).State;
        var oneDeclined = started.Decline("t1");
        Assert.Empty(oneDeclined.Of<NeedCandidates>());
        Assert.Single(oneDeclined.Of<NeedCandidates>().Concat(oneDeclined.State.Decline("t2").Of<NeedCandidates>()));
    }

    [Fact]
    public void requirement_without_any_candidate_at_start_asks_for_a_wider_search_at_once()
    {
        var step = Start(Setup(1.0, Need("boats", 1)));
        Assert.Empty(step.Of<SendOffer>());
        Assert.Equal(EscalationLevel.Street, step.Of<NeedCandidates>().Single().Level);
        Assert.Empty(step.Of<ArmTimer>());
    }

    [Fact]
    public void stand_down_withdraws_pending_offers_and_releases_assigned_teams()
    {
        var started = Start(Setup(2.0, Need("boats", 2), Need("medics", 1, "medical")),
            ("boats", Ranked("t1", "t2", "t3", "t4")), ("medics", Ranked("m1", "m2"))).State;
        var state = started.Accept("t2").State;
        state = state.Accept("m2").State;
        var step = RecruitmentDecider.StandDown(state, T0.AddMinutes(5));
        Assert.Equal(["t1", "t3", "t4"], step.Of<WithdrawOffer>().Select(w => w.Team.Value));
        Assert.All(step.Of<WithdrawOffer>(), w => Assert.Equal(WithdrawalReason.StoodDown, w.Reason));
        Assert.Equal(["t2", "m2"], step.Of<ReleaseTeam>().Select(r => r.Team.Value));
        Assert.True(step.State.StoodDown);
        Assert.Empty(step.State.PendingOffers());
        Assert.Equal(TimelineKinds.StoodDown, step.State.Timeline[^1].Kind);
        Assert.Empty(RecruitmentDecider.StandDown(step.State, T0.AddMinutes(6)).Effects);
        Assert.Equal(AnswerRejection.OfferWithdrawn, step.State.Accept("t1").Rejection);
    }

    [Fact]
    public void nothing_is_offered_after_stand_down()
    {
        var started = Start(Setup(1.0, Need("boats", 1)), ("boats", Ranked("t1"))).State;
        var stood = RecruitmentDecider.StandDown(started, T0.AddMinutes(1)).State;
        Assert.Empty(RecruitmentDecider.OnCandidates(stood, "boats", Ranked("t5"), T0.AddMinutes(2)).Effects);
        Assert.Empty(RecruitmentDecider.OnTimeouts(stood, T0.AddHours(1)).Effects);
    }

    [Fact]
    public void every_change_is_on_the_timeline_with_its_time()
    {
        var started = Start(Setup(1.0, Need("boats", 1)), ("boats", Ranked("t1", "t2"))).State;
        var declined = started.Decline("t1", T0.AddSeconds(40)).State;
        var accepted = declined.Accept("t2", T0.AddSeconds(90)).State;
        Assert.Equal(
            [(T0, TimelineKinds.RecruitmentStarted), (T0, TimelineKinds.OfferSent), (T0.AddSeconds(40), TimelineKinds.OfferDeclined),
             (T0.AddSeconds(40), TimelineKinds.OfferSent), (T0.AddSeconds(90), TimelineKinds.OfferAccepted), (T0.AddSeconds(90), TimelineKinds.RequirementFilled)],
            accepted.Timeline.Select(e => (e.At, e.Kind)));
    }

    [Fact]
    public void over_offer_factor_does_not_ask_one_team_too_many_because_of_rounding()
    {
        var step = Start(Setup(1.1, Need("boats", 10)), ("boats", Ranked([.. Enumerable.Range(1, 20).Select(i => $"t{i}")])));
        Assert.Equal(11, step.Of<SendOffer>().Count());
    }

    [Fact]
    public void setup_with_duplicate_requirement_keys_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Start(Setup(1.0, Need("boats", 1), Need("boats", 1))));
    }
}
