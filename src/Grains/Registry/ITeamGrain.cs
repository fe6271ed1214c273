using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>One volunteer team (keyed by <see cref="TeamId"/>): members, capabilities, status, the offers it holds, and the
/// one place where an offer is accepted, so a team is never in two incidents.</summary>
[Alias("mobilize.registry.team-grain")]
public interface ITeamGrain : IGrainWithStringKey
{
    /// <summary>Creates the team under its organisation with its leader as first member; the same registration again is answered as before.</summary>
    [Alias("Create")]
    Task<Outcome<TeamView>> Create(TeamRegistration registration);

    [ReadOnly]
    [Alias("Get")]
    Task<Outcome<TeamView>> Get();

    /// <summary>Adds the volunteer when <paramref name="byHolder"/> (the one adding already holds their record),
    /// otherwise invites them (see <see cref="Membership"/>); the answer's <see cref="TeamView.Invited"/> tells which.</summary>
    [Alias("AddMember")]
    Task<Outcome<TeamView>> AddMember(VolunteerId volunteer, bool byHolder = true);

    /// <summary>The invited volunteer's own word: they become a member. Refused when no invitation is open.</summary>
    [Alias("AcceptInvitation")]
    Task<Outcome<TeamView>> AcceptInvitation(VolunteerId volunteer);

    /// <summary>The volunteer declines, or the team withdraws the invitation; closing none changes nothing.</summary>
    [Alias("CloseInvitation")]
    Task<Outcome> CloseInvitation(VolunteerId volunteer);

    /// <summary>Refused for the leader and for a member deployed with the team right now.</summary>
    [Alias("RemoveMember")]
    Task<Outcome<TeamView>> RemoveMember(VolunteerId volunteer);

    /// <summary>The team's own readiness, set by its leader: Off, Available, or OnCall until a time.</summary>
    [Alias("SetDuty")]
    Task<Outcome<TeamView>> SetDuty(DutyChange change);

    /// <summary>The team as a unit status board lists it (see <see cref="UnitStatusRule"/>).</summary>
    [ReadOnly]
    [Alias("GetUnit")]
    Task<Outcome<UnitView>> GetUnit();

    /// <summary>How the team and each member answered one offer, and how far each deployed member has got.</summary>
    [ReadOnly]
    [Alias("GetResponse")]
    Task<Outcome<TeamResponse>> GetResponse(OfferId offer);

    /// <summary>Offers the team holds or held, newest first.</summary>
    [ReadOnly]
    [Alias("GetOffers")]
    Task<ImmutableArray<TeamOfferView>> GetOffers();

    /// <summary>A member accepts (with an ETA) or declines; the team musters by itself once the muster rule says so.</summary>
    [Alias("Answer")]
    Task<Outcome<TeamOfferView>> Answer(OfferId offer, MemberAnswer answer);

    /// <summary>The leader's word: muster with whoever accepted so far.</summary>
    [Alias("ConfirmMuster")]
    Task<Outcome<TeamOfferView>> ConfirmMuster(OfferId offer, VolunteerId leader);

    /// <summary>Arrival at the incident; the member must be deployed with this team.</summary>
    [Alias("CheckIn")]
    Task<Outcome<ServiceEntry>> CheckIn(IncidentId incident, VolunteerId volunteer);

    /// <summary>Departure; the ledger entry pairs with the check-in to give service hours.</summary>
    [Alias("CheckOut")]
    Task<Outcome<ServiceEntry>> CheckOut(IncidentId incident, VolunteerId volunteer);

    /// <summary>A standby alert to every member's phone; it changes nothing in the team, so it never waits behind an answer.</summary>
    [ReadOnly]
    [Alias("Alert")]
    Task<Outcome<AlertReceipt>> Alert(StandbyAlert alert);

    // Called by volunteer and incident grains, which never wait for the answer (see docs in TeamGrain).

    /// <summary>A member's certifications, insurance, duty or location changed.</summary>
    [Alias("MemberChanged")]
    Task MemberChanged(MemberCard card);

    /// <summary>A member's phone reported a new place and nothing else changed: the team patches the card it keeps.</summary>
    /// <param name="version">The member's <see cref="MemberCard.Version"/> after the move.</param>
    [OneWay]
    [Alias("MemberMoved")]
    Task MemberMoved(VolunteerId volunteer, long version, LocationReport location);

    [Alias("ReceiveOffer")]
    Task ReceiveOffer(TeamOffer offer);

    /// <summary>The incident no longer needs the team for this offer (filled, or stood down).</summary>
    [Alias("OfferWithdrawn")]
    Task OfferWithdrawn(OfferId offer, WithdrawalReason reason);

    /// <summary>Stand-down: the assignment ends and the rest period starts.</summary>
    [Alias("Released")]
    Task Released(IncidentId incident);
}

/// <summary>What the team's status reads as: its own duty, or Assigned/Resting from its last task.</summary>
/// <param name="Invited">Volunteers invited who have not answered yet; not members.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.team-view")]
public sealed record TeamView(
    TeamId Id,
    string Name,
    OrganisationId Organisation,
    VolunteerId Leader,
    GeoPoint BaseLocation,
    int MinimumMembersToMuster,
    ImmutableArray<VolunteerId> Members,
    DutyStatus Status,
    DateTimeOffset? OnCallUntil,
    DateTimeOffset? RestUntil,
    TeamAssignment? Assignment,
    ImmutableDictionary<string, int> QualifiedMembers,
    ImmutableArray<VolunteerId> Invited);

/// <summary>The team's one active task.</summary>
/// <param name="TakesFromRealDuty">False for an exercise that leaves the team available to real incidents.</param>
/// <param name="Attendance">Deployed members' check-ins and check-outs at this task (null until the first, and for a task stored before).</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.team-assignment")]
public sealed record TeamAssignment(IncidentId Incident, OfferId Offer, string RequirementKey, DateTimeOffset Since, ImmutableArray<VolunteerId> Deployed,
    bool Exercise = false, bool TakesFromRealDuty = true, ImmutableArray<MemberAttendance>? Attendance = null);

/// <summary>A task offered by an incident for one requirement; members have until <see cref="ExpiresAt"/> to muster.</summary>
/// <param name="TakesFromRealDuty">Whether accepting holds the team as a real task does (always, unless an exercise chose otherwise).</param>
/// <param name="Severity">The incident's severity (1 … 4), so a volunteer decides without asking the command centre; 0 on offers of earlier releases.</param>
/// <param name="Description">The commander's note on the incident.</param>
/// <param name="PlaceName">The district the place lies in, by the boundaries the product ships; null outside them.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.team-offer")]
public sealed record TeamOffer(
    OfferId Offer,
    IncidentId Incident,
    string IncidentType,
    GeoPoint Place,
    bool Exercise,
    string RequirementKey,
    string Capability,
    int MinimumMembers,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt,
    bool TakesFromRealDuty = true,
    int Severity = 0,
    string? Description = null,
    string? PlaceName = null);

[GenerateSerializer, Alias("mobilize.registry.team-offer-status")]
public enum TeamOfferStatus
{
    /// <summary>Members are answering.</summary>
    Open = 0,
    /// <summary>Mustered and taken by the incident: the team is assigned.</summary>
    Accepted,
    /// <summary>Too few members can go, so the team declined.</summary>
    Declined,
    /// <summary>Mustered, but the incident had enough teams already (or had withdrawn the offer): members are not needed.</summary>
    NotNeeded,
    /// <summary>Withdrawn by the incident before the team mustered.</summary>
    Withdrawn,
    /// <summary>The deadline passed.</summary>
    Expired,
    /// <summary>The team mustered for, or is held by, another incident's task, so it cannot answer this one; the
    /// incident was told it declines (this offer itself had not run out).</summary>
    TakenElsewhere,
}

/// <summary>An offer as the team sees it, with its members' answers and the muster verdict.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.team-offer-view")]
public sealed record TeamOfferView(
    TeamOffer Offer,
    TeamOfferStatus Status,
    ImmutableArray<MemberAnswer> Answers,
    MusterResult Muster,
    AnswerRejection? IncidentRefusal);

/// <summary>One line of a unit status board.</summary>
/// <param name="Capabilities">Capability → members whose certification for it is valid today, deployed or not.</param>
/// <param name="Incident">The incident the team is deployed to, when it is.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.unit-view")]
public sealed record UnitView(
    TeamId Id,
    string Name,
    OrganisationId Organisation,
    UnitStatus Status,
    int Members,
    ImmutableDictionary<string, int> Capabilities,
    IncidentId? Incident,
    bool Exercise,
    DateTimeOffset? OnCallUntil,
    DateTimeOffset? RestUntil,
    DateTimeOffset? Since);

/// <summary>A team's answer to one offer, member by member.</summary>
/// <param name="Status">The offer as the team sees it (open, accepted, declined, …).</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.team-response")]
public sealed record TeamResponse(
    TeamId Team,
    string Name,
    OfferId Offer,
    TeamOfferStatus Status,
    DateTimeOffset? MusteredAt,
    ImmutableArray<MemberResponse> Members);

/// <summary>One member: their latest answer (none yet: null), the arrival time it promises, and how far they have got.</summary>
/// <param name="ExpectedArrival">When the answer was given plus its ETA; null without either.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.member-response")]
public sealed record MemberResponse(
    VolunteerId Volunteer,
    OfferAnswer? Answer,
    TimeSpan? Eta,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? ExpectedArrival,
    ArrivalState Arrival,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? CheckedOutAt);
