using Mobilize.Grains.Notifications;
using Mobilize.Grains.Privacy;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

// Readiness, deployment and the service ledger of one volunteer.
internal sealed partial class VolunteerGrain
{
    public async Task<Outcome<VolunteerStatus>> SetDuty(DutyChange change)
    {
        if (state.Stored() is not { } s) return Missing();
        var now = time.GetUtcNow();
        if (change.Problem(now) is { } problem) return problem;
        if (s.Readiness.CurrentIncident is { } incident)
            return Refusal.Conflict("volunteer.deployed", $"Deployed to incident {incident}; check out or wait for the stand-down first.");
        if (change.Status != DutyStatus.Off && ReadinessRules.EffectiveStatus(s.Readiness, now) == DutyStatus.Resting)
            return Refusal.Conflict("volunteer.resting", $"Resting until {s.Readiness.RestUntil:u} after the last task.");

        // Off duty means off the map: the precise location is dropped with the shift (个人信息保护).
        var readiness = s.Readiness with
        {
            Status = change.Status,
            OnCallUntil = change.Status == DutyStatus.OnCall ? change.OnCallUntil : null,
            RestUntil = null,
            LastLocation = change.Status == DutyStatus.Off
                || LocationPrivacy.IsTrackExpired(s.Readiness.LastLocation, s.StoodDownAt, options.Value.PreciseTrackRetention, now)
                ? null
                : s.Readiness.LastLocation,
        };
        await Change(s with { Readiness = readiness });
        return Status(state.State!, now);
    }

    public Task<Outcome<VolunteerStatus>> ReportLocation(LocationReport report)
    {
        if (state.Stored() is not { } s) return Task.FromResult<Outcome<VolunteerStatus>>(Missing());
        var now = time.GetUtcNow();
        var errors = report.Validate(now);
        if (!errors.IsEmpty) return Task.FromResult<Outcome<VolunteerStatus>>(Refusal.Invalid(errors));

        var status = ReadinessRules.EffectiveStatus(s.Readiness, now);
        // Off duty means off the map (个人信息保护): the position is not kept, and the phone is told so rather than thanked.
        if (s.Readiness.CurrentIncident is null && status is not (DutyStatus.Available or DutyStatus.OnCall))
            return Task.FromResult<Outcome<VolunteerStatus>>(Refusal.Conflict("volunteer.off-duty",
                $"Not on duty ({status}): locations are kept only while available, on call or deployed."));
        // Phones deliver out of order; an older report must not move anyone backwards.
        if (!(s.Readiness.LastLocation?.ReportedAt >= report.ReportedAt))
        {
            // Not written to storage: a location is stale within the hour anyway, and writing every report would cap
            // location throughput at the store's write rate. It rides along with the next write.
            var moved = s with { Readiness = s.Readiness with { LastLocation = report }, Version = NextVersion(s.Version) };
            state.State = moved;
            // The busiest message in the system: the teams patch the cards they keep, one-way, so no report waits on them.
            foreach (var team in moved.Teams)
                _ = Team(team).MemberMoved(Id, moved.Version, report);
        }
        return Task.FromResult<Outcome<VolunteerStatus>>(Status(state.State!, now));
    }

    public Task<Outcome<VolunteerStatus>> GetStatus() =>
        Task.FromResult<Outcome<VolunteerStatus>>(state.Stored() is { } s ? Status(s, time.GetUtcNow()) : Missing());

    public async Task<Outcome> BeginTask(IncidentId incident, TeamId team)
    {
        if (state.Stored() is not { } s) return Missing();
        if (s.Readiness.CurrentIncident == incident) return Outcome.Ok;
        if (s.Readiness.CurrentIncident is { } other)
            return Refusal.Conflict("volunteer.deployed", $"Already deployed to incident {other}.");
        await Change(s with
        {
            Readiness = s.Readiness with { Status = DutyStatus.Assigned, CurrentIncident = incident }, CurrentTeam = team,
            TaskStartedAt = time.GetUtcNow(),
        });
        return Outcome.Ok;
    }

    public async Task EndTask(IncidentId incident, bool exercise, RestPolicy rest)
    {
        if (state.Stored() is not { } s || s.Readiness.CurrentIncident != incident) return;
        var now = time.GetUtcNow();
        var reason = RestRules.Reason(rest, incident, exercise, s.TaskStartedAt, now);
        var readiness = s.Readiness with
        {
            Status = DutyStatus.Resting,
            RestUntil = now + TimeSpan.FromMinutes(reason.RestMinutes),
            OnCallUntil = null,
            CurrentIncident = null,
        };
        await Change(s with { Readiness = readiness, CurrentTeam = null, StoodDownAt = now, TaskStartedAt = null, RestReason = reason });
        // The stand-down (or a call away from an exercise) comes from the commander, not the phone: without this the
        // phone kept showing the task, check-in enabled, until a reload.
        TellPhone(LiveEventKinds.TaskEnded, incident, s.CurrentTeam, exercise);
    }

    public async Task<Outcome<ServiceSummary>> RecordService(ServiceEntry entry)
    {
        if (state.Stored() is null) return Missing();
        if (ServiceLedger.IsRepeat(Entries, entry)) return ServiceLedger.Summarise(Id, Entries);
        if (ServiceLedger.Problem(Entries, entry) is { } problem)
            return Refusal.Conflict(entry.Kind == ServiceEntryKind.CheckIn ? "service.already-checked-in" : "service.not-checked-in", problem);
        ledger.State = new LedgerState(Entries.Add(entry));
        await ledger.WriteStateAsync();
        // A team leader may check a member in or out, and a stand-down checks everyone out: the member's phone hears it.
        TellPhone(LiveEventKinds.ServiceRecorded, entry.Incident, entry.Team, entry.Exercise, entry.Kind.ToString());
        return ServiceLedger.Summarise(Id, Entries);
    }

    /// <summary>Tells the volunteer's own phone that its deployment or service record changed, so it reloads them.</summary>
    private void TellPhone(string kind, IncidentId incident, TeamId? team, bool exercise, string? detail = null) =>
        feed.Publish(new LiveEventDraft([FeedStream.Of(Id)], time.GetUtcNow(), kind, incident, team, Volunteer: Id, Detail: detail, Exercise: exercise));

    public Task<Outcome<ServiceSummary>> GetServiceSummary() =>
        Task.FromResult<Outcome<ServiceSummary>>(state.Stored() is null ? Missing() : ServiceLedger.Summarise(Id, Entries));

    private VolunteerStatus Status(VolunteerState s, DateTimeOffset now)
    {
        var location = LocationPrivacy.IsTrackExpired(s.Readiness.LastLocation, s.StoodDownAt, options.Value.PreciseTrackRetention, now)
            ? null
            : s.Readiness.LastLocation;
        return Status(s, now, location);
    }

    private VolunteerStatus Status(VolunteerState s, DateTimeOffset now, LocationReport? location) => new(
        Id,
        ReadinessRules.EffectiveStatus(s.Readiness, now),
        s.Readiness.OnCallUntil,
        s.Readiness.RestUntil,
        location,
        ReadinessRules.IsLocationFresh(location, now, options.Value.LocationMaxAge),
        s.Readiness.CurrentIncident,
        s.CurrentTeam,
        ReadinessRules.EffectiveStatus(s.Readiness, now) == DutyStatus.Resting ? s.RestReason : null);
}
