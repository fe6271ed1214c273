using System.Collections.Immutable;
using System.Globalization;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>Recruitment as a pure state machine: the incident grain feeds it events with their time and carries out
/// the effects it returns. Same inputs, same outputs — offer ids included — so a replayed journal rebuilds the state.</summary>
public static class RecruitmentDecider
{
    public static RecruitmentStep Start(RecruitmentSetup setup, ImmutableDictionary<string, ImmutableArray<RankedCandidate>> candidates, DateTimeOffset now)
    {
        var problems = ResponsePlan.ValidateRequirements(setup.Requirements).AddRange(ResponsePlan.ValidateLadder(setup.Ladder));
        if (!problems.IsEmpty)
            throw new ArgumentException("Invalid recruitment setup: " + string.Join("; ", problems.Select(p => $"{p.Field} {p.Message}")), nameof(setup));

        var requirements = setup.Requirements
            .Select(spec => new RequirementProgress(spec, 0, RequirementStatus.Recruiting, setup.RadiusMeters, setup.StartLevel, -1, 0,
                candidates.TryGetValue(spec.Key, out var ranked) && !ranked.IsDefault ? [.. ranked] : []))
            .ToImmutableList();
        var initial = new RecruitmentState(setup.Incident, setup.OfferTimeout, setup.OverOfferFactor, setup.Ladder, requirements,
            ImmutableDictionary<OfferId, Offer>.Empty, [], ImmutableDictionary<TeamId, string>.Empty, 1, false, []);

        var draft = new RecruitmentDraft(initial, now);
        draft.Log(TimelineKinds.RecruitmentStarted, detail: string.Create(CultureInfo.InvariantCulture,
            $"{requirements.Count} requirements, radius {setup.RadiusMeters:0} m, {setup.StartLevel}"));
        foreach (var requirement in requirements) draft.TopUp(requirement.Key);
        return draft.Finish();
    }

    /// <summary>A team answers an offer. Refused answers (see <see cref="AnswerRejection"/>) change nothing.</summary>
    public static RecruitmentStep OnAnswer(RecruitmentState state, OfferId offerId, TeamId team, OfferAnswer answer, DateTimeOffset now)
    {
        if (Refusal(state, offerId, team, now) is { } rejection) return new RecruitmentStep(state, [], rejection);

        var offer = state.Offers[offerId];
        var draft = new RecruitmentDraft(state, now);
        if (answer == OfferAnswer.Decline)
        {
            draft.Close(offer, OfferStatus.Declined);
            draft.Log(TimelineKinds.OfferDeclined, offer.RequirementKey, team, offerId);
            draft.TopUp(offer.RequirementKey);
            return draft.Finish();
        }

        draft.Accept(offer);
        var progress = draft.Requirement(offer.RequirementKey);
        if (progress.Remaining == 0)
        {
            draft.Put(progress with { Status = RequirementStatus.Filled, Queue = [] });
            draft.Emit(new RequirementFilled(progress.Key));
            draft.Log(TimelineKinds.RequirementFilled, progress.Key);
            foreach (var other in draft.State.PendingOffers(progress.Key)) draft.Withdraw(other, WithdrawalReason.NotNeeded);
        }
        else
        {
            // Usually nothing to send, but when the queue ran dry this acceptance may leave nothing pending: climb then.
            draft.TopUp(progress.Key);
        }
        return draft.Finish();
    }

    /// <summary>When the incident next has something to decide on its own (an offer deadline, and the escalation its
    /// timeout sets off), or null when it only waits for commands: filled, unfillable or stood down.</summary>
    public static DateTimeOffset? NextDue(RecruitmentState state) => state.StoodDown ? null : state.NextDeadline();

    /// <summary>Whether <see cref="OnTimeouts"/> has anything to do at <paramref name="now"/>; a timer or reminder tick
    /// that finds nothing due stores nothing.</summary>
    public static bool TimeoutsDue(RecruitmentState state, DateTimeOffset now) => NextDue(state) is { } due && due <= now;

    /// <summary>Every pending offer whose deadline is at or before <paramref name="now"/> times out and frees its slot.</summary>
    public static RecruitmentStep OnTimeouts(RecruitmentState state, DateTimeOffset now)
    {
        var draft = new RecruitmentDraft(state, now);
        var expired = state.PendingOffers().Where(o => o.ExpiresAt <= now).ToList();
        foreach (var offer in expired)
        {
            draft.Close(offer, OfferStatus.TimedOut);
            draft.Log(TimelineKinds.OfferTimedOut, offer.RequirementKey, offer.Team, offer.Id);
        }
        foreach (var requirement in state.Requirements.Where(r => expired.Any(o => o.RequirementKey == r.Key)))
            draft.TopUp(requirement.Key);
        return draft.Finish(rearmTimer: true);
    }

    /// <summary>Fresh ranked candidates for a requirement (typically after <see cref="NeedCandidates"/>); they replace its
    /// queue. Ignored once the requirement is filled or the incident stood down, or for a key not in this recruitment.</summary>
    public static RecruitmentStep OnCandidates(RecruitmentState state, string requirementKey, ImmutableArray<RankedCandidate> candidates, DateTimeOffset now)
    {
        var progress = state.Requirement(requirementKey);
        if (state.StoodDown || progress is null || progress.Status == RequirementStatus.Filled) return new RecruitmentStep(state, []);

        var fresh = (candidates.IsDefault ? [] : candidates).Where(c => !state.Offered.Contains(c.Team)).ToImmutableList();
        var draft = new RecruitmentDraft(state, now);
        draft.Put(progress with { Status = RequirementStatus.Recruiting, Queue = fresh });
        draft.Log(TimelineKinds.CandidatesReceived, requirementKey, detail: string.Create(CultureInfo.InvariantCulture,
            $"{fresh.Count} new at {progress.Level}, radius {progress.RadiusMeters:0} m"));
        draft.TopUp(requirementKey);
        return draft.Finish();
    }

    /// <summary>Ends the callout: pending offers are withdrawn and every assigned team is released. A second stand-down does nothing.</summary>
    public static RecruitmentStep StandDown(RecruitmentState state, DateTimeOffset now)
    {
        if (state.StoodDown) return new RecruitmentStep(state, []);
        var draft = new RecruitmentDraft(state, now);
        foreach (var offer in state.PendingOffers()) draft.Withdraw(offer, WithdrawalReason.StoodDown);
        foreach (var offer in state.OffersInOrder().Where(o => o.Status == OfferStatus.Accepted))
        {
            draft.Emit(new ReleaseTeam(offer.Team));
            draft.Log(TimelineKinds.TeamReleased, offer.RequirementKey, offer.Team, offer.Id);
        }
        draft.MarkStoodDown();
        draft.Log(TimelineKinds.StoodDown);
        return draft.Finish();
    }

    private static AnswerRejection? Refusal(RecruitmentState state, OfferId offerId, TeamId team, DateTimeOffset now)
    {
        if (!state.Offers.TryGetValue(offerId, out var offer)) return AnswerRejection.UnknownOffer;
        if (offer.Team != team) return AnswerRejection.NotYourOffer;
        return offer.Status switch
        {
            OfferStatus.Accepted or OfferStatus.Declined => AnswerRejection.AlreadyAnswered,
            OfferStatus.TimedOut => AnswerRejection.OfferExpired,
            OfferStatus.Withdrawn when offer.WithdrawalReason == WithdrawalReason.NotNeeded => AnswerRejection.RequirementFull,
            OfferStatus.Withdrawn => AnswerRejection.OfferWithdrawn,
            _ when now >= offer.ExpiresAt => AnswerRejection.OfferExpired,
            // Unreachable while filling withdraws the rest, kept so a corrupted state cannot over-assign.
            _ when state.Requirement(offer.RequirementKey) is not { Remaining: > 0 } => AnswerRejection.RequirementFull,
            _ => null,
        };
    }
}
