using System.Collections.Immutable;
using System.Globalization;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>The working copy for one decision: the state as it evolves, the effects so far, and the decision's time.</summary>
internal sealed class RecruitmentDraft(RecruitmentState before, DateTimeOffset now)
{
    private readonly DateTimeOffset? deadlineBefore = before.NextDeadline();

    // Guards ceil() against products such as 10 × 1.1 = 11.000000000000002 asking for one offer too many.
    private const double Epsilon = 1e-9;

    private readonly ImmutableArray<RecruitmentEffect>.Builder effects = ImmutableArray.CreateBuilder<RecruitmentEffect>();

    public RecruitmentState State { get; private set; } = before;

    public DateTimeOffset Now => now;

    public RecruitmentStep Finish(bool rearmTimer = false)
    {
        var next = State.NextDeadline();
        if (next is { } at && (rearmTimer || next != deadlineBefore)) Emit(new ArmTimer(at));
        return new RecruitmentStep(State, effects.ToImmutable());
    }

    public void Emit(RecruitmentEffect effect) => effects.Add(effect);

    public void Log(string kind, string? key = null, TeamId? team = null, OfferId? offer = null, string? detail = null) =>
        State = State with { Timeline = State.Timeline.Add(new TimelineEntry(now, kind, key, team, offer, detail)) };

    public RequirementProgress Requirement(string key) =>
        State.Requirement(key) ?? throw new InvalidOperationException($"Requirement '{key}' is not part of this recruitment.");

    public void Put(RequirementProgress progress) =>
        State = State with { Requirements = State.Requirements.Replace(Requirement(progress.Key), progress) };

    public void Close(Offer offer, OfferStatus status, WithdrawalReason? reason = null) =>
        State = State with { Offers = State.Offers.SetItem(offer.Id, offer with { Status = status, ClosedAt = now, WithdrawalReason = reason }) };

    /// <summary>Takes a team's acceptance: the offer closes, the team is assigned, the requirement counts one more.</summary>
    public void Accept(Offer offer)
    {
        Close(offer, OfferStatus.Accepted);
        State = State with { Assignments = State.Assignments.Add(offer.Team, offer.RequirementKey) };
        var progress = Requirement(offer.RequirementKey);
        Put(progress with { Filled = progress.Filled + 1 });
        Log(TimelineKinds.OfferAccepted, offer.RequirementKey, offer.Team, offer.Id);
    }

    public void MarkStoodDown() => State = State with { StoodDown = true };

    public void Withdraw(Offer offer, WithdrawalReason reason)
    {
        Close(offer, OfferStatus.Withdrawn, reason);
        Emit(new WithdrawOffer(offer.Id, offer.Team, reason));
        Log(TimelineKinds.OfferWithdrawn, offer.RequirementKey, offer.Team, offer.Id, reason.ToString());
    }

    /// <summary>Brings a recruiting requirement's pending offers up to ceil(remaining × over-offer factor) from its
    /// queue; when that leaves nothing pending, climbs the ladder.</summary>
    public void TopUp(string key)
    {
        var progress = Requirement(key);
        if (State.StoodDown || progress.Status != RequirementStatus.Recruiting) return;
        var target = (int)Math.Ceiling(progress.Remaining * State.OverOfferFactor - Epsilon);
        var toSend = target - State.PendingOffers(key).Count();
        var queue = progress.Queue;
        var sent = 0;
        while (toSend > 0 && !queue.IsEmpty)
        {
            var candidate = queue[0];
            queue = queue.RemoveAt(0);
            if (State.Offered.Contains(candidate.Team)) continue;
            SendOffer(progress, candidate);
            sent++;
            toSend--;
        }
        Put(progress with { Queue = queue, Wave = progress.Wave + (sent > 0 ? 1 : 0) });
        if (progress.Remaining > 0 && !State.PendingOffers(key).Any()) Escalate(key);
    }

    private void SendOffer(RequirementProgress progress, RankedCandidate candidate)
    {
        var sequence = State.NextSequence;
        var offer = new Offer(OfferId.For(State.Incident, sequence), sequence, candidate.Team, progress.Key,
            progress.Wave + 1, now, now + State.OfferTimeout, OfferStatus.Pending);
        State = State with
        {
            Offers = State.Offers.Add(offer.Id, offer),
            Offered = State.Offered.Add(offer.Team),
            NextSequence = sequence + 1,
        };
        Emit(new SendOffer(offer.Id, offer.Team, offer.RequirementKey, offer.ExpiresAt));
        Log(TimelineKinds.OfferSent, offer.RequirementKey, offer.Team, offer.Id,
            string.Create(CultureInfo.InvariantCulture, $"wave {offer.Wave}, eta {candidate.Eta.TotalMinutes:0.#} min"));
    }

    private void Escalate(string key)
    {
        var progress = Requirement(key);
        var next = progress.LadderStep + 1;
        if (State.Ladder.IsDefault || next >= State.Ladder.Length)
        {
            Put(progress with { Status = RequirementStatus.Unfillable, Queue = [] });
            Emit(new Unfillable(key));
            Log(TimelineKinds.Unfillable, key, detail: $"{progress.Filled} of {progress.Spec.Teams} teams");
            return;
        }
        var step = State.Ladder[next];
        var radius = step.WidenedRadius(progress.RadiusMeters);
        Put(progress with { Status = RequirementStatus.AwaitingCandidates, LadderStep = next, Level = step.Level, RadiusMeters = radius, Queue = [] });
        Emit(new NeedCandidates(key, radius, step.Level, State.Offered));
        Log(TimelineKinds.Escalated, key, detail: string.Create(CultureInfo.InvariantCulture, $"{step.Level}, radius {radius:0} m"));
    }
}
