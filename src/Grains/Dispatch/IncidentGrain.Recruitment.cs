using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

// Runs the recruitment decider and carries out its effects: searches, offers, withdrawals, releases, the deadline timer.
internal sealed partial class IncidentGrain
{
    public async Task<AnswerReceipt> AnswerOffer(OfferId offer, TeamId team, OfferAnswer answer)
    {
        if (state.Stored() is not { } s) return new AnswerReceipt(offer, AnswerRejection.UnknownOffer);
        var step = RecruitmentDecider.OnAnswer(s.Recruitment, offer, team, answer, time.GetUtcNow());
        if (step.Rejection is { } rejection) return new AnswerReceipt(offer, rejection);
        await Apply(step);
        return new AnswerReceipt(offer, null);
    }

    public async Task<Outcome<IncidentSummary>> StandDown()
    {
        if (state.Stored() is not { } s) return Missing();
        if (!s.Recruitment.StoodDown) await Apply(RecruitmentDecider.StandDown(s.Recruitment, time.GetUtcNow()));
        return Summary(state.State!);
    }

    public async Task NoteAttendance(TeamId team, VolunteerId volunteer, bool arrived)
    {
        if (state.Stored() is not { } s) return;
        var entry = new TimelineEntry(time.GetUtcNow(), arrived ? IncidentTimelineKinds.MemberArrived : IncidentTimelineKinds.MemberLeft,
            s.Recruitment.Assignments.GetValueOrDefault(team), team, Detail: volunteer.Value);
        var recruitment = s.Recruitment with { Timeline = s.Recruitment.Timeline.Add(entry) };
        await Apply(new RecruitmentStep(recruitment, []));
    }

    private Task OnDeadline(CancellationToken cancellationToken) => CatchUp();

    /// <summary>The watchdog's tick. Orleans delivers it after any loss of the activation (a silo gone, idle collection
    /// with the deadline still ahead), activating the incident again, which then acts on what fell due meanwhile.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName == DeadlineReminder ? CatchUp() : Task.CompletedTask;

    // The precise timer and the watchdog both land here: whichever comes first after a deadline acts, the other finds
    // nothing due and stores nothing.
    private async Task CatchUp()
    {
        if (state.Stored() is not { } s)
        {
            await HoldWatchdog(false);
            return;
        }
        var now = time.GetUtcNow();
        if (RecruitmentDecider.TimeoutsDue(s.Recruitment, now))
        {
            await Apply(RecruitmentDecider.OnTimeouts(s.Recruitment, now));
            return;
        }
        ArmDeadline();
        await HoldWatchdog(RecruitmentDecider.NextDue(s.Recruitment) is not null);
    }

    /// <summary>Follows the decision through (wider searches feed back into the decider), stores the outcome, and only
    /// then tells teams and the live feed: a team must never hold an offer the incident could forget in a crash.</summary>
    private async Task Apply(RecruitmentStep first)
    {
        var s = state.State!;
        var timelineBefore = s.Recruitment.Timeline.Count;
        var verdicts = _verdicts;
        var now = time.GetUtcNow();
        var (recruitment, outbound) = Searcher.Follow(first, s.Request.Place, s.Jurisdictions ?? default, now, ref verdicts);

        state.State = s with { Recruitment = recruitment };
        NoteVerdicts(verdicts);
        // The reminder is registered before the state that needs it is stored, and removed after the state that no
        // longer does: a crash in between leaves a reminder with nothing to do (its tick removes it), never a pending
        // deadline without one.
        var waits = RecruitmentDecider.NextDue(recruitment) is not null;
        if (waits) await HoldWatchdog(true);
        await WriteAsync();
        if (!waits) await HoldWatchdog(false);
        ArmDeadline();
        foreach (var effect in outbound) Send(effect, recruitment);
        foreach (var entry in recruitment.Timeline.Skip(timelineBefore)) Publish(entry);
    }

    private void Send(RecruitmentEffect effect, RecruitmentState recruitment)
    {
        switch (effect)
        {
            case SendOffer send when recruitment.Requirement(send.RequirementKey) is { } progress:
                var request = state.State!.Request;
                var offer = new TeamOffer(send.Offer, Id, request.IncidentType, request.Place, request.Exercise, send.RequirementKey,
                    progress.Spec.Capability, progress.Spec.MinimumMembers, time.GetUtcNow(), send.ExpiresAt,
                    TakesFromRealDuty: !request.Exercise || request.TakesFromRealDuty, Severity: request.Severity,
                    Description: request.Description, PlaceName: JurisdictionAreas.Standard.DistrictNameAt(request.Place),
                    Rest: state.State!.Rest);
                OneWay.Send(GrainFactory.Team(send.Team).ReceiveOffer(offer), logger, $"offer {send.Offer} to team {send.Team}");
                break;
            case WithdrawOffer withdraw:
                OneWay.Send(GrainFactory.Team(withdraw.Team).OfferWithdrawn(withdraw.Offer, withdraw.Reason), logger, $"withdraw {withdraw.Offer}");
                break;
            case ReleaseTeam release:
                OneWay.Send(GrainFactory.Team(release.Team).Released(Id), logger, $"release team {release.Team}");
                break;
        }
    }

    private void Publish(TimelineEntry entry)
    {
        var kind = entry.Kind switch
        {
            TimelineKinds.OfferSent => LiveEventKinds.OfferSent,
            TimelineKinds.OfferAccepted or TimelineKinds.OfferDeclined or TimelineKinds.OfferTimedOut => LiveEventKinds.OfferAnswered,
            TimelineKinds.OfferWithdrawn => LiveEventKinds.OfferWithdrawn,
            TimelineKinds.RequirementFilled => LiveEventKinds.RequirementFilled,
            _ => LiveEventKinds.Timeline,
        };
        feed.Publish(new LiveEventDraft(Streams(), entry.At, kind, Id, entry.Team, entry.Offer, RequirementKey: entry.RequirementKey,
            Detail: entry.Detail is null ? entry.Kind : $"{entry.Kind}: {entry.Detail}", Exercise: state.State!.Request.Exercise));
    }

    private CandidateSearch Searcher => _searcher ??= new CandidateSearch(directory, dispatchOptions.Value, readinessOptions.Value);
    private CandidateSearch? _searcher;

    private ImmutableArray<RankedCandidate> Search(GeoPoint place, ImmutableArray<OrganisationId> jurisdictions, RequirementSpec spec, double radius, EscalationLevel level,
        ImmutableHashSet<TeamId> alreadyOffered, DateTimeOffset now, ref ImmutableList<CandidateVerdict> verdicts) =>
        Searcher.Run(place, jurisdictions, spec, radius, level, alreadyOffered, now, ref verdicts);

    /// <summary>Registers the watchdog reminder once when something becomes pending and removes it when nothing is, so a
    /// callout costs two reminder writes however many offers, answers and waves it has; the deadlines themselves stay in
    /// the incident's state and the precise timer.</summary>
    private async Task HoldWatchdog(bool hold, bool activating = false)
    {
        try
        {
            if (!_watchdogKnown)
            {
                _watchdog = await this.GetReminder(DeadlineReminder);
                _watchdogKnown = true;
            }
            if (hold && _watchdog is null)
            {
                var period = dispatchOptions.Value.DeadlineWatchdogPeriod;
                _watchdog = await this.RegisterOrUpdateReminder(DeadlineReminder, period, period);
            }
            else if (!hold && _watchdog is not null)
            {
                await this.UnregisterReminder(_watchdog);
                _watchdog = null;
            }
        }
        catch (Exception exception) when (!hold || activating)
        {
            // A reminder left behind only ticks once more and is removed then; an activation must not fail because the
            // table is away (the next change registers). Registering before a pending deadline is stored is not optional.
            _watchdogKnown = false;
            logger.LogWarning(exception, "Incident {Incident} could not {Change} its deadline reminder", Id, hold ? "register" : "remove");
        }
    }

    private void ArmDeadline()
    {
        if (state.Stored()?.Recruitment is not { } recruitment || RecruitmentDecider.NextDue(recruitment) is not { } at)
        {
            _deadline?.Dispose();
            _deadline = null;
            return;
        }
        var due = at - time.GetUtcNow();
        if (due < TimeSpan.Zero) due = TimeSpan.Zero;
        // Timers do not keep an activation alive; the incident must still be here when its offers expire.
        DelayDeactivation(due + TimeSpan.FromMinutes(1));
        if (_deadline is null) _deadline = this.RegisterGrainTimer(OnDeadline, due, Timeout.InfiniteTimeSpan);
        else _deadline.Change(due, Timeout.InfiniteTimeSpan);
    }
}
