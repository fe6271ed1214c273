using System.Collections.Immutable;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>One registered volunteer (keyed by <see cref="VolunteerId"/>): profile, readiness, memberships and service ledger.</summary>
[Alias("mobilize.registry.volunteer-grain")]
public interface IVolunteerGrain : IGrainWithStringKey
{
    /// <summary>Registers under the real name; the same registration again is answered as before, different data is a conflict.</summary>
    [Alias("Register")]
    Task<Outcome<VolunteerProfile>> Register(VolunteerRegistration registration);

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

    /// <summary>Records the membership and returns what the team needs to know about this member.</summary>
    [Alias("JoinTeam")]
    Task<Outcome<MemberCard>> JoinTeam(TeamId team);

    [Alias("LeaveTeam")]
    Task LeaveTeam(TeamId team);

    /// <summary>Marks the volunteer as deployed; refused when already deployed to another incident.</summary>
    [Alias("BeginTask")]
    Task<Outcome> BeginTask(IncidentId incident, TeamId team);

    /// <summary>Ends the deployment and starts the rest period; <paramref name="exercise"/> marks the phone's notice.</summary>
    [Alias("EndTask")]
    Task EndTask(IncidentId incident, bool exercise);

    /// <summary>Appends a check-in or check-out to the ledger; a repeat of the last entry is ignored.</summary>
    [Alias("RecordService")]
    Task<Outcome<ServiceSummary>> RecordService(ServiceEntry entry);
}

/// <summary>A volunteer as read back; <see cref="Masked"/> says whether phone and ID number are masked.</summary>
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
    DateTimeOffset RegisteredAt);

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
    TeamId? CurrentTeam);

/// <summary>What a team keeps about one member to derive its capabilities, status and place.</summary>
/// <param name="Version">Grows with every change, so a team can ignore an older card that arrives late.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.member-card")]
public sealed record MemberCard(
    VolunteerId Volunteer,
    long Version,
    VolunteerReadiness Readiness,
    ImmutableArray<Certification> Certifications,
    Insurance? Insurance);
