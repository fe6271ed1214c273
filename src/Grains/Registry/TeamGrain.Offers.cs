using System.Collections.Immutable;
using System.Globalization;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

// Offers held by the team, members' answers, and the muster that accepts one atomically.
internal sealed partial class TeamGrain
{
    public Task<ImmutableArray<TeamOfferView>> GetOffers()
    {
        var offers = state.Stored()?.Offers ?? [];
        return Task.FromResult<ImmutableArray<TeamOfferView>>([.. offers.Reverse().Select(OfferView)]);
    }

    public async Task ReceiveOffer(TeamOffer offer)
    {
        if (state.Stored() is not { } s || s.Offers.Any(h => h.Offer.Offer == offer.Offer)) return;
        var held = new HeldOffer(offer, TeamOfferStatus.Open, [], false, null);
        state.State = s with { Offers = s.Offers.Add(held) };
        if (!ExerciseAvailability.MayTake(s.Assignment, offer))
        {
            // Busy elsewhere (the directory had not caught up): say no at once rather than let the offer time out.
            await Decline(held, TeamOfferStatus.TakenElsewhere);
            return;
        }
        await state.WriteStateAsync();
        TellMembers(offer, LiveEventKinds.OfferSent, $"{offer.Capability}, answer by {offer.ExpiresAt:u}");
    }

    public async Task<Outcome<TeamOfferView>> Answer(OfferId offer, MemberAnswer answer)
    {
        if (state.Stored() is not { } s) return Missing();
        if (Held(offer) is not { } held) return Refusal.NotFound("offer.not-found", $"Team {Id} holds no offer {offer}.");
        if (!s.Members.ContainsKey(answer.Volunteer)) return Refusal.Forbidden("team.not-a-member", $"{answer.Volunteer} is not a member of team {Id}.");
        if (Closed(held) is { } closed) return closed;
        if (answer.Eta is { } eta && (eta < TimeSpan.Zero || eta > TimeSpan.FromDays(1)))
            return Refusal.Invalid("etaMinutes", "must be between 0 and 24 hours");
        // A phone that retries an answer it never heard back about must not count twice.
        if (held.Answers.LastOrDefault(a => a.Volunteer == answer.Volunteer) is { } last && last.SameAs(answer)) return OfferView(held);

        held = held with { Answers = held.Answers.Add(answer with { At = time.GetUtcNow() }) };
        Put(held);
        // Stored before anything else can fail: the answer is acknowledged whatever the muster step meets (a silo lost
        // mid-muster left an acknowledged answer only in a dead activation's memory, which a crash test caught).
        await state.WriteStateAsync();
        feed.Publish(new LiveEventDraft([FeedStream.Of(held.Offer.Incident), FeedStream.Of(answer.Volunteer)], time.GetUtcNow(),
            LiveEventKinds.OfferAnswered, held.Offer.Incident, Id, offer, answer.Volunteer, held.Offer.RequirementKey, answer.Answer.ToString(),
            held.Offer.Exercise));
        await GrainFactory.Incident(held.Offer.Incident).NoteMemberAnswer(offer, Id, answer.Volunteer, answer.Answer, time.GetUtcNow());
        return await Decide(held);
    }

    public async Task<Outcome<TeamOfferView>> ConfirmMuster(OfferId offer, VolunteerId leader)
    {
        if (state.Stored() is not { } s) return Missing();
        if (Held(offer) is not { } held) return Refusal.NotFound("offer.not-found", $"Team {Id} holds no offer {offer}.");
        if (leader != s.Registration.Leader) return Refusal.Forbidden("team.not-leader", $"Only the leader of team {Id} can confirm the muster.");
        if (Closed(held) is { } closed) return closed;
        held = held with { LeaderConfirmed = true };
        Put(held);
        return await Decide(held);
    }

    public async Task OfferWithdrawn(OfferId offer, WithdrawalReason reason)
    {
        if (Held(offer) is not { Status: TeamOfferStatus.Open } held) return;
        held = held with { Status = reason == WithdrawalReason.NotNeeded ? TeamOfferStatus.NotNeeded : TeamOfferStatus.Withdrawn };
        Put(held);
        await state.WriteStateAsync();
        TellMembers(held.Offer, LiveEventKinds.OfferWithdrawn, reason == WithdrawalReason.NotNeeded ? "not needed" : "stood down");
    }

    private async Task<Outcome<TeamOfferView>> Decide(HeldOffer held)
    {
        var s = state.State!;
        var minimum = Math.Max(held.Offer.MinimumMembers, s.Registration.MinimumMembersToMuster);
        var muster = MusterRule.Evaluate(minimum, s.Members.Count, held.Answers, held.LeaderConfirmed);
        switch (muster.Outcome)
        {
            case MusterOutcome.Mustered when ExerciseAvailability.MayTake(s.Assignment, held.Offer):
                await Muster(held, muster);
                break;
            case MusterOutcome.Mustered:
                await Decline(held, TeamOfferStatus.TakenElsewhere);
                TellMembers(held.Offer, LiveEventKinds.OfferWithdrawn, TakenElsewhereDetail(s.Assignment));
                break;
            case MusterOutcome.CannotMuster:
                await Decline(held, TeamOfferStatus.Declined);
                break;
            default:
                await state.WriteStateAsync();
                break;
        }
        return OfferView(Held(held.Offer.Offer)!);
    }

    /// <summary>The atomic point: the incident takes the team or refuses, and only then does the team change.</summary>
    private async Task Muster(HeldOffer held, MusterResult muster)
    {
        var offer = held.Offer;
        var incident = GrainFactory.Incident(offer.Incident);
        var receipt = await incident.AnswerOffer(offer.Offer, Id, OfferAnswer.Accept);
        // A crash after the incident took the team but before the team stored it leaves the offer open here; the
        // retried muster then hears "already answered", and the incident's own record says whether it was taken.
        if (receipt.Rejection == AnswerRejection.AlreadyAnswered
            && (await incident.GetSummary()).Value?.Offers.FirstOrDefault(o => o.Id == offer.Offer) is { Status: OfferStatus.Accepted })
            receipt = receipt with { Rejection = null };
        if (!receipt.Taken)
        {
            var status = receipt.Rejection == AnswerRejection.OfferExpired ? TeamOfferStatus.Expired : TeamOfferStatus.NotNeeded;
            Put(held with { Status = status, IncidentRefusal = receipt.Rejection });
            await state.WriteStateAsync();
            TellMembers(offer, LiveEventKinds.OfferWithdrawn, "not needed");
            return;
        }

        var now = time.GetUtcNow();
        if (state.State!.Assignment is { } exercise) await LeaveExercise(exercise, offer.Incident);
        var deployed = ImmutableArray.CreateBuilder<VolunteerId>();
        foreach (var member in Accepted(held))
        {
            // A member deployed through another team stays there; the leader sees who actually comes.
            if ((await GrainFactory.Volunteer(member).BeginTask(offer.Incident, Id)).Succeeded) deployed.Add(member);
        }
        Put(held with { Status = TeamOfferStatus.Accepted });
        state.State = state.State! with { Assignment = new TeamAssignment(offer.Incident, offer.Offer, offer.RequirementKey, now, deployed.ToImmutable(),
            offer.Exercise, offer.TakesFromRealDuty) };
        var others = state.State.Offers.Where(o => o.Status == TeamOfferStatus.Open && o.Offer.Offer != offer.Offer).ToList();
        foreach (var other in others)
            await Decline(other, TeamOfferStatus.TakenElsewhere, save: false);
        await Save(announce: true);
        TellMembers(offer, LiveEventKinds.OfferAnswered, string.Create(CultureInfo.InvariantCulture,
            $"mustered {muster.Accepted}, eta {(muster.EtaOfMinimum is { } eta ? eta.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min" : "unknown")}"));
        // Each other incident's offer closes on the members' phones as its own event, naming that offer and why.
        foreach (var other in others) TellMembers(other.Offer, LiveEventKinds.OfferWithdrawn, TakenElsewhereDetail(state.State.Assignment));
    }

    private async Task Decline(HeldOffer held, TeamOfferStatus status, bool save = true)
    {
        var receipt = await GrainFactory.Incident(held.Offer.Incident).AnswerOffer(held.Offer.Offer, Id, OfferAnswer.Decline);
        Put(held with { Status = status, IncidentRefusal = receipt.Rejection });
        if (save) await state.WriteStateAsync();
    }

    private static IEnumerable<VolunteerId> Accepted(HeldOffer held)
    {
        var latest = new Dictionary<VolunteerId, MemberAnswer>();
        foreach (var answer in held.Answers) latest[answer.Volunteer] = answer;
        return latest.Values.Where(a => a.Answer == OfferAnswer.Accept).Select(a => a.Volunteer);
    }

    private Refusal? Closed(HeldOffer held) => EffectiveStatus(held) switch
    {
        TeamOfferStatus.Open => null,
        TeamOfferStatus.NotNeeded => Refusal.Conflict("offer.not-needed", "Enough teams accepted; this team is not needed."),
        TeamOfferStatus.Withdrawn => Refusal.Conflict("offer.withdrawn", "The incident withdrew the offer."),
        TeamOfferStatus.Expired => Refusal.Conflict("offer.expired", "The offer's deadline has passed."),
        TeamOfferStatus.TakenElsewhere => Refusal.Conflict("offer.taken-elsewhere",
            $"The team is on another task ({state.State!.Assignment?.Incident.Value ?? "another incident"}) and declined this offer."),
        _ => Refusal.Conflict("offer.answered", "The team has already answered this offer."),
    };

    private static string TakenElsewhereDetail(TeamAssignment? assignment) =>
        $"taken elsewhere: the team is on incident {assignment?.Incident.Value ?? "another incident"}";

    private TeamOfferStatus EffectiveStatus(HeldOffer held) =>
        held.Status == TeamOfferStatus.Open && time.GetUtcNow() >= held.Offer.ExpiresAt ? TeamOfferStatus.Expired : held.Status;

    private HeldOffer? Held(OfferId offer) => state.Stored()?.Offers.FirstOrDefault(h => h.Offer.Offer == offer);

    private void Put(HeldOffer held)
    {
        var s = state.State!;
        var index = s.Offers.FindIndex(h => h.Offer.Offer == held.Offer.Offer);
        state.State = s with { Offers = s.Offers.SetItem(index, held) };
    }

    private TeamOfferView OfferView(HeldOffer held)
    {
        var minimum = Math.Max(held.Offer.MinimumMembers, state.State!.Registration.MinimumMembersToMuster);
        return new TeamOfferView(held.Offer, EffectiveStatus(held), held.Answers,
            MusterRule.Evaluate(minimum, state.State.Members.Count, held.Answers, held.LeaderConfirmed), held.IncidentRefusal);
    }

    private void TellMembers(TeamOffer offer, string kind, string detail)
    {
        var streams = state.State!.Members.Keys.Select(FeedStream.Of).ToImmutableArray();
        feed.Publish(new LiveEventDraft(streams, time.GetUtcNow(), kind, offer.Incident, Id, offer.Offer, RequirementKey: offer.RequirementKey, Detail: detail,
            Exercise: offer.Exercise));
    }
}
