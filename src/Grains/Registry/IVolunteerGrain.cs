using System.Collections.Immutable;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>One registered volunteer (keyed by <see cref="VolunteerId"/>): profile, readiness, memberships and service ledger.</summary>
[Alias("mobilize.registry.volunteer-grain")]
public interface IVolunteerGrain : IGrainWithStringKey
{
    /// <summary>Registers under the real name; the same registration again is answered as before (whoever sends it: the
    /// first registrar keeps the record), different data is a conflict.</summary>
    /// <param name="registeredBy">The registering commander's organisation, which holds the record from then on.</param>
    [Alias("Register")]
    Task<Outcome<VolunteerProfile>> Register(VolunteerRegistration registration, OrganisationId? registeredBy = null);

    /// <summary>Phone and ID number are masked unless <paramref name="revealPersonalData"/> (the caller's role must allow it).</summary>
    [ReadOnly]
    [Alias("GetProfile")]
    Task<Outcome<VolunteerProfile>> GetProfile(bool revealPersonalData = false);

    [Alias("UpdateCertifications")]
    Task<Outcome<VolunteerProfile>> UpdateCertifications(ImmutableArray<Certification> certifications);

    [Alias("UpdateInsurance")]
    Task<Outcome<VolunteerProfile>> UpdateInsurance(Insurance? insurance);

    [Alias("SetDuty")]
    Task<Outcome<VolunteerStatus>> SetDuty(DutyChange change);

    /// <summary>Kept precisely only while on duty or assigned; otherwise acknowledged and dropped.</summary>
    [Alias("ReportLocation")]
    Task<Outcome<VolunteerStatus>> ReportLocation(LocationReport report);

    [ReadOnly]
    [Alias("GetStatus")]
    Task<Outcome<VolunteerStatus>> GetStatus();

    [ReadOnly]
    [Alias("GetServiceSummary")]
    Task<Outcome<ServiceSummary>> GetServiceSummary();

    // Called by team grains.

    /// <summary>Records the membership (closing the team's invitation) and returns what the team needs to know about this member.</summary>
    [Alias("JoinTeam")]
    Task<Outcome<MemberCard>> JoinTeam(TeamId team);

    /// <summary>The team invited the volunteer; they answer through their own token (see <see cref="Membership"/>).</summary>
    [Alias("Invited")]
    Task<Outcome> Invited(TeamId team);

    /// <summary>The invitation was declined or withdrawn.</summary>
    [Alias("InvitationClosed")]
    Task InvitationClosed(TeamId team);

    [Alias("LeaveTeam")]
    Task LeaveTeam(TeamId team);

    /// <summary>Marks the volunteer as deployed; refused when already deployed to another incident.</summary>
    [Alias("BeginTask")]
    Task<Outcome> BeginTask(IncidentId incident, TeamId team);

    /// <summary>Ends the deployment and starts the rest period; <paramref name="exercise"/> marks the phone's notice.</summary>
    [Alias("EndTask")]
    Task EndTask(IncidentId incident, bool exercise, RestPolicy rest);

    /// <summary>Appends a check-in or check-out to the ledger; a repeat of the last entry is ignored.</summary>
    [Alias("RecordService")]
    Task<Outcome<ServiceSummary>> RecordService(ServiceEntry entry);
}

/// <summary>A volunteer as read back; <see cref="Masked"/> says whether phone and ID number are masked.</summary>
/// <param name="RegisteredBy">The organisation that registered the volunteer (none when an administrator did).</param>
/// <param name="Invitations">Teams whose invitation the volunteer has not answered yet; they are not members of them.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.volunteer-profile")]
public sealed record VolunteerProfile(
    VolunteerId Id,
    string RealName,
    string Phone,
    string? IdNumber,
    bool Masked,
    ImmutableArray<string> Skills,
    ImmutableArray<Certification> Certifications,
    Insurance? Insurance,
    ImmutableArray<TeamId> Teams,
    DateTimeOffset RegisteredAt,
    OrganisationId? RegisteredBy,
    ImmutableArray<TeamId> Invitations);

/// <summary>A duty change the volunteer (or a team leader) asks for: Off, Available, or OnCall until a time.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.duty-change")]
public sealed record DutyChange(DutyStatus Status, DateTimeOffset? OnCallUntil = null)
{
    /// <summary>Why this change cannot be asked for at <paramref name="now"/>, or null. Teams and volunteers share the rule.</summary>
    public Refusal? Problem(DateTimeOffset now)
    {
        if (Status is not (DutyStatus.Off or DutyStatus.Available or DutyStatus.OnCall))
            return Refusal.Invalid("status", "must be Off, Available or OnCall");
        if (Status == DutyStatus.OnCall && !(OnCallUntil > now))
            return Refusal.Invalid("onCallUntil", "an on-call shift needs an end in the future");
        if (OnCallUntil > now + InputBounds.LongestOnCallShift || OnCallUntil < now - InputBounds.LongestOnCallShift)
            return Refusal.Invalid("onCallUntil", $"an on-call shift may end at most {InputBounds.LongestOnCallShift.TotalDays:0} days ahead (and a past end is no shift)");
        return null;
    }
}

/// <summary>Readiness as of now: effective status, deadlines, location (when kept) and current deployment.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.volunteer-status")]
public sealed record VolunteerStatus(
    VolunteerId Id,
    DutyStatus Status,
    DateTimeOffset? OnCallUntil,
    DateTimeOffset? RestUntil,
    LocationReport? Location,
    bool LocationFresh,
    IncidentId? CurrentIncident,
    TeamId? CurrentTeam,
    RestReason? RestReason = null);

/// <summary>What a team keeps about one member to derive its capabilities, status and place.</summary>
/// <param name="Version">Grows with every change, so a team can ignore an older card that arrives late.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.member-card")]
public sealed record MemberCard(
    VolunteerId Volunteer,
    long Version,
    VolunteerReadiness Readiness,
    ImmutableArray<Certification> Certifications,
    Insurance? Insurance);
