using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Dispatch.Replication;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <param name="Members">The leader included; each member's latest card.</param>
/// <param name="Invited">Volunteers invited by someone who does not hold their record, until they answer (see <see cref="Membership"/>).</param>
/// <param name="Offers">Oldest first.</param>
/// <param name="DirectoryVersion">The version of the last card stored with the state, so the directory rebuilt from
/// storage orders it against what silos send (see <see cref="DirectoryVersions"/>).</param>
/// <param name="Within">The team's organisation and every one above it, nearest first: the jurisdictions that may
/// recruit it without mutual aid. Copied at creation (the tree never re-parents); default for a team stored before.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.team-state")]
internal sealed record TeamState(
    TeamRegistration Registration,
    DateTimeOffset CreatedAt,
    ImmutableDictionary<VolunteerId, MemberCard> Members,
    DutyStatus Duty,
    DateTimeOffset? OnCallUntil,
    DateTimeOffset? RestUntil,
    TeamAssignment? Assignment,
    ImmutableList<HeldOffer> Offers,
    long DirectoryVersion = 0,
    ImmutableArray<VolunteerId>? Invited = null,
    ImmutableArray<OrganisationId> Within = default)
{
    public ImmutableArray<VolunteerId> OpenInvitations => Invited ?? [];
}

[GenerateSerializer, Immutable, Alias("mobilize.registry.held-offer")]
internal sealed record HeldOffer(TeamOffer Offer, TeamOfferStatus Status, ImmutableArray<MemberAnswer> Answers, bool LeaderConfirmed, AnswerRejection? IncidentRefusal);

/// <remarks>
/// Calls that wait go one way only: team → incident (answers) and team → volunteer (deployment, ledger). Incidents
/// and volunteers reach a team one-way (<see cref="OneWay"/>), so no two grains ever wait for each other; the team is
/// not reentrant, so while it waits for the incident to take its acceptance no other answer can slip in.
/// </remarks>
// The grain type is part of every stored row: keep it stable.
[GrainType("team")]
internal sealed partial class TeamGrain(
    [PersistentState("team")] IPersistentState<TeamState> state,
    IDispatchDirectory directory,
    ILiveFeed feed,
    TimeProvider time,
    IOptions<ReadinessOptions> options) : Grain, ITeamGrain
{
    public const string StateName = "team";

    private TeamId Id => TeamId.Create(this.GetPrimaryKeyString());

    public async Task<Outcome<TeamView>> Create(TeamRegistration registration)
    {
        if (state.Stored() is { } existing)
            return existing.Registration == registration with { Name = registration.Name?.Trim() ?? "" } ? View(existing) : Refusal.Conflict("team.exists", $"Team {Id} already exists with other details.");
        // Every problem at once, the unknown organisation and leader included, so one answer lets a form show them all.
        var errors = registration.Validate().ToBuilder();
        var ladder = registration.Organisation.IsEmpty ? null : (await GrainFactory.Organisation(registration.Organisation).GetLadder()).Value;
        if (!registration.Organisation.IsEmpty && ladder is null)
            errors.Add(new("organisationId", "organisation not found"));
        if (!registration.Leader.IsEmpty && (await GrainFactory.Volunteer(registration.Leader).GetStatus()).Refusal is not null)
            errors.Add(new("leaderId", "volunteer not registered"));
        if (errors.Count > 0) return Refusal.Invalid(errors.ToImmutable());
        var outside = JurisdictionAreas.Standard.Outside(ladder!, registration.BaseLocation, "baseLocation");
        if (!outside.IsEmpty)
            return Refusal.Unprocessable("place.outside-jurisdiction", "The team's base lies outside its organisation's jurisdiction.", outside);
        var leader = await GrainFactory.Volunteer(registration.Leader).JoinTeam(Id);
        if (leader.Value is not { } card) return Refusal.Invalid("leaderId", "volunteer not registered");
        await GrainFactory.Organisation(registration.Organisation).AddTeam(Id);

        var now = time.GetUtcNow();
        state.State = new TeamState(registration with { Name = registration.Name.Trim() }, now,
            ImmutableDictionary<VolunteerId, MemberCard>.Empty.Add(card.Volunteer, card),
            DutyStatus.Available, null, null, null, [], Within: [.. ladder!.Nodes.Select(n => n.Id)]);
        await Save(announce: true);
        return View(state.State);
    }

    public Task<Outcome<TeamView>> Get() =>
        Task.FromResult<Outcome<TeamView>>(state.Stored() is { } s ? View(s) : Missing());

    public async Task<Outcome<TeamView>> AddMember(VolunteerId volunteer, bool byHolder = true)
    {
        if (state.Stored() is not { } s) return Missing();
        switch (Membership.OnAdd(s.Members.ContainsKey(volunteer), s.OpenInvitations.Contains(volunteer), byHolder))
        {
            case MembershipStep.Join:
                return await Join(s, volunteer);
            case MembershipStep.Invite:
                if ((await GrainFactory.Volunteer(volunteer).Invited(Id)).Refusal is not null)
                    return Refusal.Invalid("volunteerId", "volunteer not registered");
                state.State = s with { Invited = s.OpenInvitations.Add(volunteer) };
                await Save();
                return View(state.State);
            default:
                return View(s);
        }
    }

    public async Task<Outcome<TeamView>> AcceptInvitation(VolunteerId volunteer)
    {
        if (state.Stored() is not { } s) return Missing();
        return Membership.OnAccept(s.Members.ContainsKey(volunteer), s.OpenInvitations.Contains(volunteer)) switch
        {
            MembershipStep.Join => await Join(s, volunteer),
            MembershipStep.NoInvitation => Refusal.NotFound("team.invitation-not-found", $"Team {Id} has no open invitation for volunteer {volunteer}."),
            _ => View(s),
        };
    }

    public async Task<Outcome> CloseInvitation(VolunteerId volunteer)
    {
        if (state.Stored() is not { } s) return Missing();
        if (!s.OpenInvitations.Contains(volunteer)) return Outcome.Ok;
        await GrainFactory.Volunteer(volunteer).InvitationClosed(Id);
        state.State = s with { Invited = s.OpenInvitations.Remove(volunteer) };
        await Save();
        return Outcome.Ok;
    }

    private async Task<Outcome<TeamView>> Join(TeamState s, VolunteerId volunteer)
    {
        var joined = await GrainFactory.Volunteer(volunteer).JoinTeam(Id);
        if (joined.Value is not { } card) return Refusal.Invalid("volunteerId", "volunteer not registered");
        state.State = s with { Members = s.Members.SetItem(volunteer, card), Invited = s.OpenInvitations.Remove(volunteer) };
        await Save(announce: true);
        return View(state.State);
    }

    public async Task<Outcome<TeamView>> RemoveMember(VolunteerId volunteer)
    {
        if (state.Stored() is not { } s) return Missing();
        if (!s.Members.ContainsKey(volunteer)) return View(s);
        if (volunteer == s.Registration.Leader) return Refusal.Conflict("team.leader-cannot-leave", "Name another leader before the leader leaves.");
        if (s.Assignment?.Deployed.Contains(volunteer) == true)
            return Refusal.Conflict("team.member-deployed", "The member is deployed with the team; wait for the stand-down.");
        await GrainFactory.Volunteer(volunteer).LeaveTeam(Id);
        state.State = s with { Members = s.Members.Remove(volunteer) };
        await Save(announce: true);
        return View(state.State);
    }

    public async Task<Outcome<TeamView>> SetDuty(DutyChange change)
    {
        if (state.Stored() is not { } s) return Missing();
        var now = time.GetUtcNow();
        if (change.Problem(now) is { } problem) return problem;
        if (s.Assignment is { } assignment)
            return Refusal.Conflict("team.assigned", $"Deployed to incident {assignment.Incident}; wait for the stand-down.");
        if (change.Status != DutyStatus.Off && s.RestUntil > now)
            return Refusal.Conflict("team.resting", $"Resting until {s.RestUntil:u} after the last task.");
        state.State = s with
        {
            Duty = change.Status,
            OnCallUntil = change.Status == DutyStatus.OnCall ? change.OnCallUntil : null,
            RestUntil = null,
        };
        await Save(announce: true);
        return View(state.State);
    }

    public async Task MemberChanged(MemberCard card)
    {
        if (state.Stored() is not { } s || !s.Members.TryGetValue(card.Volunteer, out var known) || known.Version >= card.Version) return;
        state.State = s with { Members = s.Members.SetItem(card.Volunteer, card) };
        // A moved phone changes only where the team is: the directory hears it, storage need not (see VolunteerGrain).
        var onlyMoved = known.Readiness with { LastLocation = card.Readiness.LastLocation } == card.Readiness
            && known.Certifications.SequenceEqual(card.Certifications) && known.Insurance == card.Insurance;
        if (onlyMoved) PublishMove();
        else await Save(announce: true);
    }

    /// <summary>Stores the state and tells the directory; <paramref name="announce"/> also puts the status on the live feed.</summary>
    private async Task Save(bool announce = false)
    {
        var version = NextDirectoryVersion();
        var s = state.State = state.State! with { DirectoryVersion = version };
        await state.WriteStateAsync();
        directory.Update(Card(s), version);
        if (announce)
            feed.Publish(new LiveEventDraft([FeedStream.Of(s.Registration.Organisation)], time.GetUtcNow(), LiveEventKinds.TeamStatus,
                Team: Id, Incident: s.Assignment?.Incident, Detail: Status(s, time.GetUtcNow()).ToString(), Exercise: s.Assignment?.Exercise ?? false));
    }

    internal static TeamCard ToCard(TeamId id, TeamState s) => ExerciseAvailability.AsSeenByDispatch(new(id, s.Registration.Organisation,
        s.Registration.BaseLocation, s.Duty, s.OnCallUntil, s.RestUntil, s.Assignment?.Incident,
        [.. s.Members.Values.OrderBy(m => m.Volunteer.Value, StringComparer.Ordinal)], s.Within), s.Assignment);

    private TeamCard Card(TeamState s) => ToCard(Id, s);

    /// <summary>Tells the directory where the team stands now, without storing it (a move).</summary>
    private void Publish(TeamState s) => directory.Update(Card(s), NextDirectoryVersion());

    private long _directoryVersion = -1;

    // An activation goes on from the newest version it can know of: what it stored, and what this silo's replica took
    // from an earlier activation elsewhere (moves are not stored); the ticks in DirectoryVersions cover the rest.
    private long NextDirectoryVersion()
    {
        if (_directoryVersion < 0) _directoryVersion = Math.Max(state.State?.DirectoryVersion ?? 0, directory.VersionOf(Id));
        return _directoryVersion = DirectoryVersions.After(_directoryVersion);
    }

    private DutyStatus Status(TeamState s, DateTimeOffset now)
    {
        var card = Card(s);
        return TeamFacts.At(card, now).Status;
    }

    private TeamView View(TeamState s)
    {
        var now = time.GetUtcNow();
        var facts = TeamFacts.At(Card(s), now);
        return new TeamView(Id, s.Registration.Name, s.Registration.Organisation, s.Registration.Leader, s.Registration.BaseLocation,
            s.Registration.MinimumMembersToMuster, [.. s.Members.Keys.OrderBy(v => v.Value, StringComparer.Ordinal)],
            facts.Status, s.OnCallUntil, s.RestUntil > now ? s.RestUntil : null, s.Assignment, facts.QualifiedMembers,
            [.. s.OpenInvitations.OrderBy(v => v.Value, StringComparer.Ordinal)]);
    }

    private Refusal Missing() => Refusal.NotFound("team.not-found", $"Team {this.GetPrimaryKeyString()} does not exist.");
}
