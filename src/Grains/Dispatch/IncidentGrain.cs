using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.incident-state")]
internal sealed record IncidentState(
    IncidentRequest Request,
    DateTimeOffset CreatedAt,
    PlanId? Plan,
    RecruitmentState Recruitment,
    ImmutableArray<OrganisationId>? Jurisdictions = null)
{
    /// <summary>Where the verdicts were kept before they had a state of their own; read to carry them over, never written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(5)] public ImmutableList<CandidateVerdict>? Verdicts { get; init; }

    /// <summary>The plan's rest rule, handed to every team offered, so a stand-down rests them by it; null rests by the default.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Id(6)] public RestPolicy? Rest { get; init; }
}

// The grain type is part of every stored row: keep it stable.
[GrainType("incident")]
internal sealed partial class IncidentGrain(
    [PersistentState("incident")] IPersistentState<IncidentState> state,
    [PersistentState(IncidentGrain.ExplanationStateName)] IPersistentState<StoredVerdicts> explanation,
    IDispatchDirectory directory,
    ILiveFeed feed,
    TimeProvider time,
    DrillClock drillClock,
    IOptions<DispatchOptions> dispatchOptions,
    IOptions<ReadinessOptions> readinessOptions,
    ILogger<IncidentGrain> logger) : Grain, IIncidentGrain, IRemindable
{
    public const string StateName = "incident";

    /// <summary>The gate's latest verdict per requirement and team, for the explain read: stored apart from the incident,
    /// and written only when a search changes them, so an answer does not rewrite hundreds of verdicts.</summary>
    public const string ExplanationStateName = "explanation";

    /// <summary>The reminder an incident holds while an offer deadline is pending (see <c>HoldWatchdog</c>).</summary>
    public const string DeadlineReminder = "deadline";

    private IGrainTimer? _deadline;
    private IGrainReminder? _watchdog;
    private bool _watchdogKnown;

    private IncidentId Id => IncidentId.Create(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        LoadVerdicts();
        // Offer deadlines live in the state, so a restart or a collected activation picks them up here.
        ArmDeadline();
        // An incident stored before it held reminders, or by a silo that died before registering one, gets it now.
        if (state.Stored() is { } s && RecruitmentDecider.NextDue(s.Recruitment) is not null) await HoldWatchdog(true, activating: true);
    }

    public async Task<Outcome<IncidentSummary>> Create(IncidentRequest request)
    {
        if (state.Stored() is { } existing)
            return IncidentSetup.SameRequest(existing.Request, request)
                ? Summary(existing)
                : Refusal.Conflict("incident.exists", $"Incident {Id} already exists with other details.");
        var prepared = await IncidentOpening.PrepareAsync(GrainFactory, Id, request, drillClock, directory, dispatchOptions.Value);
        if (prepared.Value is not { } opening) return prepared.Refusal!;
        (request, var ladder, var plan, var setup, var explicitly) = (opening.Request, opening.Ladder, opening.Plan, opening.Setup, opening.Explicitly);

        var now = time.GetUtcNow();
        // Nothing was stored under this id, so no reminder that matters is held: the first Apply registers without a read.
        _watchdogKnown = true;
        var verdicts = _verdicts;
        var candidates = ImmutableDictionary.CreateBuilder<string, ImmutableArray<RankedCandidate>>();
        var jurisdictions = opening.Jurisdictions;
        foreach (var requirement in setup.Requirements)
            candidates[requirement.Key] = Search(request.Place, jurisdictions, requirement, setup.RadiusMeters, setup.StartLevel, [], now, ref verdicts);
        var step = RecruitmentDecider.Start(setup, candidates.ToImmutable(), now);

        var created = new TimelineEntry(now, IncidentTimelineKinds.Created,
            Detail: plan is null ? "explicit requirements"
                : explicitly ? $"explicit requirements, limits of plan {plan.Id} of {plan.Jurisdiction}"
                : $"plan {plan.Id} of {plan.Jurisdiction}");
        state.State = new IncidentState(request, now, plan?.Id, step.State with { Timeline = [] }, jurisdictions) { Rest = setup.Rest };
        NoteVerdicts(verdicts);
        feed.Publish(new LiveEventDraft(Streams(), now, LiveEventKinds.IncidentCreated, Id, Detail: request.IncidentType,
            Exercise: request.Exercise));
        await Apply(step with { State = step.State with { Timeline = step.State.Timeline.Insert(0, created) } });
        ListInJurisdiction(ladder);
        return Summary(state.State!);
    }

    // One-way, so listing never delays a callout; a crash before the lists are written is healed at start-up, where
    // StartupRecovery.WakeOpenIncidents lists every stored incident again, which is why that scan stays although
    // deadlines no longer need it.
    private void ListInJurisdiction(OrganisationLadder ladder)
    {
        var s = state.State!;
        var mark = new IncidentMark(Id, s.Request.Organisation, s.Request.Exercise, s.CreatedAt);
        foreach (var node in ladder.Nodes)
            OneWay.Send(GrainFactory.Organisation(node.Id).NoteIncident(mark), logger, $"list {Id} in {node.Id}");
    }

    public Task<Outcome<IncidentSummary>> GetSummary() =>
        Task.FromResult<Outcome<IncidentSummary>>(state.Stored() is { } s ? Summary(s) : Missing());

    public Task<Outcome<IncidentTimeline>> GetTimeline() => Task.FromResult<Outcome<IncidentTimeline>>(
        state.Stored() is { } s ? new IncidentTimeline(Id, [.. s.Recruitment.Timeline], s.Request.Exercise) : Missing());

    public Task<Outcome<IncidentExplanation>> Explain() => Task.FromResult<Outcome<IncidentExplanation>>(
        state.Stored() is not null ? new IncidentExplanation(Id, [.. _verdicts]) : Missing());

    // Activating is the work: OnActivateAsync re-arms the offer timer. The listing is repaired by the scan that calls this.
    public Task Wake() => Task.CompletedTask;

    private IncidentSummary Summary(IncidentState s)
    {
        var r = s.Recruitment;
        var status = r.StoodDown ? IncidentStatus.StoodDown
            : r.Requirements.Any(q => q.Status == RequirementStatus.Unfillable) ? IncidentStatus.Unfillable
            : r.IsComplete ? IncidentStatus.Filled
            : IncidentStatus.Recruiting;
        return new IncidentSummary(Id, s.Request.IncidentType, s.Request.Place, s.Request.Organisation, s.Request.Severity, s.Request.Exercise,
            s.Request.Description, s.Plan, status, s.CreatedAt,
            [.. r.Requirements.Select(q => new RequirementView(q.Key, q.Spec.Capability, q.Spec.Teams, q.Filled, q.Spec.MinimumMembers,
                q.Status, q.RadiusMeters, q.Level, q.Wave))],
            [.. r.OffersInOrder()],
            r.Assignments,
            s.Request.ExerciseId);
    }

    // Every level above the incident's organisation commands it too, so each of their dashboards hears it live; an
    // incident stored before jurisdictions were kept speaks to its own organisation only.
    private ImmutableArray<FeedStream> Streams() =>
        [FeedStream.Of(Id), .. (state.State!.Jurisdictions ?? [state.State.Request.Organisation]).Select(FeedStream.Of)];

    private Refusal Missing() => Refusal.NotFound("incident.not-found", $"Incident {this.GetPrimaryKeyString()} does not exist.");
}

/// <summary>Timeline kinds the incident grain writes beside the decider's <see cref="TimelineKinds"/>.</summary>
public static class IncidentTimelineKinds
{
    public const string Created = "incident-created";
    public const string MemberArrived = "member-arrived";
    public const string MemberLeft = "member-left";
    public const string MemberAnswered = "member-answered";
    public const string TeamCalledAway = "team-called-away";
}
