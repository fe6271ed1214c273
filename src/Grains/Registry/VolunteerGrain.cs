using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <param name="Registration">As submitted, kept to recognise a retried registration.</param>
/// <param name="Phone">Normalised, without +86.</param>
/// <param name="IdNumber">Canonical form, when given.</param>
/// <param name="Version">Grows with every change the volunteer's teams must hear about.</param>
/// <param name="RegisteredBy">The organisation whose commander registered the volunteer: it holds their record from
/// the start (see <see cref="Membership"/>); none when an administrator registered them.</param>
/// <param name="Invitations">Teams that invited the volunteer and await their answer; not memberships.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.volunteer-state")]
internal sealed record VolunteerState(
    VolunteerRegistration Registration,
    string Phone,
    string? IdNumber,
    DateTimeOffset RegisteredAt,
    ImmutableArray<Certification> Certifications,
    Insurance? Insurance,
    VolunteerReadiness Readiness,
    TeamId? CurrentTeam,
    ImmutableArray<TeamId> Teams,
    long Version,
    DateTimeOffset? StoodDownAt = null,
    OrganisationId? RegisteredBy = null,
    ImmutableArray<TeamId>? Invitations = null,
    DateTimeOffset? TaskStartedAt = null,
    RestReason? RestReason = null)
{
    public ImmutableArray<TeamId> OpenInvitations => Invitations ?? [];
}

[GenerateSerializer, Immutable, Alias("mobilize.registry.ledger-state")]
internal sealed record LedgerState(ImmutableList<ServiceEntry> Entries);

// The grain type is part of every stored row: keep it stable.
[GrainType("volunteer")]
internal sealed partial class VolunteerGrain(
    [PersistentState("volunteer")] IPersistentState<VolunteerState> state,
    [PersistentState("ledger")] IPersistentState<LedgerState> ledger,
    TimeProvider time,
    IOptions<ReadinessOptions> options,
    ILiveFeed feed,
    ILogger<VolunteerGrain> logger) : Grain, IVolunteerGrain
{
    private readonly Dictionary<TeamId, ITeamGrain> _teamReferences = [];
    private VolunteerId? _id;

    private VolunteerId Id => _id ??= VolunteerId.Create(this.GetPrimaryKeyString());

    private ImmutableList<ServiceEntry> Entries => ledger.Stored()?.Entries ?? [];

    public async Task<Outcome<VolunteerProfile>> Register(VolunteerRegistration registration, OrganisationId? registeredBy = null)
    {
        if (state.Stored() is { } existing)
            return SameRegistration(existing.Registration, registration)
                ? Profile(existing, reveal: false)
                : Refusal.Conflict("volunteer.already-registered", $"Volunteer {Id} is already registered with other details.");

        var now = time.GetUtcNow();
        var errors = registration.Validate(ServiceCalendar.DateOf(now));
        if (!errors.IsEmpty) return Refusal.Invalid(errors);
        MobilePhone.TryNormalize(registration.Phone, out var phone);
        ChineseIdNumber? idNumber = null;
        if (registration.IdNumber is not null) ChineseIdNumber.TryParse(registration.IdNumber, ServiceCalendar.DateOf(now), out idNumber);

        var phoneClaim = GrainFactory.GetGrain<IRegistrationClaimGrain>(RegistrationClaimKeys.Phone(phone!));
        if (await phoneClaim.Claim(Id) != Id)
            return Refusal.Conflict("volunteer.phone-taken", "This phone number is registered to another volunteer.");
        if (idNumber is not null && await GrainFactory.GetGrain<IRegistrationClaimGrain>(RegistrationClaimKeys.IdNumber(idNumber)).Claim(Id) != Id)
        {
            await phoneClaim.Release(Id);
            return Refusal.Conflict("volunteer.id-number-taken", "This ID number is registered to another volunteer.");
        }

        state.State = new VolunteerState(
            registration with { RealName = registration.RealName.Trim() }, phone!, idNumber?.Value, now,
            registration.Certifications.IsDefault ? [] : registration.Certifications, registration.Insurance,
            VolunteerReadiness.OffDuty, null, [], 1, RegisteredBy: registeredBy);
        await state.WriteStateAsync();
        return Profile(state.State, reveal: false);
    }

    public Task<Outcome<VolunteerProfile>> GetProfile(bool revealPersonalData = false) =>
        Task.FromResult<Outcome<VolunteerProfile>>(state.Stored() is { } s ? Profile(s, revealPersonalData) : Missing());

    public async Task<Outcome<VolunteerProfile>> UpdateCertifications(ImmutableArray<Certification> certifications)
    {
        if (state.Stored() is not { } s) return Missing();
        var changed = s.Registration with { Certifications = certifications.IsDefault ? [] : certifications };
        var errors = changed.Validate(ServiceCalendar.DateOf(time.GetUtcNow()));
        if (!errors.IsEmpty) return Refusal.Invalid([.. errors.Where(e => e.Field.StartsWith("certifications", StringComparison.Ordinal))]);
        await Change(s with { Certifications = changed.Certifications });
        return Profile(state.State!, reveal: false);
    }

    public async Task<Outcome<VolunteerProfile>> UpdateInsurance(Insurance? insurance)
    {
        if (state.Stored() is not { } s) return Missing();
        var errors = (s.Registration with { Insurance = insurance }).Validate(ServiceCalendar.DateOf(time.GetUtcNow()));
        if (!errors.IsEmpty) return Refusal.Invalid([.. errors.Where(e => e.Field.StartsWith("insurance", StringComparison.Ordinal))]);
        await Change(s with { Insurance = insurance });
        return Profile(state.State!, reveal: false);
    }

    public async Task<Outcome<MemberCard>> JoinTeam(TeamId team)
    {
        if (state.Stored() is not { } s) return Missing();
        if (!s.Teams.Contains(team) || s.OpenInvitations.Contains(team))
            await Change(s with { Teams = s.Teams.Contains(team) ? s.Teams : s.Teams.Add(team), Invitations = s.OpenInvitations.Remove(team) }, tellTeams: false);
        return Card(state.State!);
    }

    public async Task<Outcome> Invited(TeamId team)
    {
        if (state.Stored() is not { } s) return Missing();
        if (!s.Teams.Contains(team) && !s.OpenInvitations.Contains(team))
            await Change(s with { Invitations = s.OpenInvitations.Add(team) }, tellTeams: false);
        return Outcome.Ok;
    }

    public async Task InvitationClosed(TeamId team)
    {
        if (state.Stored() is not { } s || !s.OpenInvitations.Contains(team)) return;
        await Change(s with { Invitations = s.OpenInvitations.Remove(team) }, tellTeams: false);
    }

    public async Task LeaveTeam(TeamId team)
    {
        if (state.Stored() is not { } s || !s.Teams.Contains(team)) return;
        await Change(s with { Teams = s.Teams.Remove(team) }, tellTeams: false);
    }

    /// <summary>Stores the change and tells every team of the volunteer what it now looks like.</summary>
    private async Task Change(VolunteerState changed, bool tellTeams = true)
    {
        state.State = changed with { Version = NextVersion(changed.Version) };
        await state.WriteStateAsync();
        if (!tellTeams) return;
        var card = Card(state.State);
        foreach (var team in state.State.Teams)
            OneWay.Send(Team(team).MemberChanged(card), logger, $"team {team} member {Id} changed");
    }

    /// <summary>The volunteer tells its teams of every move: keep their references rather than build one per message.</summary>
    private ITeamGrain Team(TeamId team)
    {
        if (!_teamReferences.TryGetValue(team, out var reference))
            _teamReferences[team] = reference = GrainFactory.Team(team);
        return reference;
    }

    /// <summary>The version after <paramref name="current"/>, never behind the clock's ticks.</summary>
    /// <remarks>Moves raise the version without a write, and the teams keep what they were told: after a restart the
    /// stored version is behind the teams' cards, and counting on from it would have them ignore the next real changes
    /// (a member going off duty would still be offered). The clock moves on across a restart, so its ticks put the next
    /// version past anything sent before it, data folders of earlier releases (small counters) included.</remarks>
    private long NextVersion(long current) => Math.Max(current + 1, time.GetUtcNow().UtcTicks);

    private MemberCard Card(VolunteerState s) => new(Id, s.Version, s.Readiness, s.Certifications, s.Insurance);

    private VolunteerProfile Profile(VolunteerState s, bool reveal) => new(
        Id, s.Registration.RealName,
        reveal ? s.Phone : Masking.Phone(s.Phone),
        s.IdNumber is null ? null : reveal ? s.IdNumber : Masking.IdNumber(s.IdNumber),
        !reveal,
        s.Registration.Skills.IsDefault ? [] : s.Registration.Skills,
        s.Certifications, s.Insurance, s.Teams, s.RegisteredAt, s.RegisteredBy, s.OpenInvitations);

    private Refusal Missing() => Refusal.NotFound("volunteer.not-found", $"Volunteer {this.GetPrimaryKeyString()} is not registered.");

    // ImmutableArray compares by reference, and a stored registration comes back as new arrays: compare contents.
    private static bool SameRegistration(VolunteerRegistration a, VolunteerRegistration b) =>
        a.RealName.Trim() == b.RealName?.Trim()
        && MobilePhone.TryNormalize(a.Phone, out var pa) && MobilePhone.TryNormalize(b.Phone, out var pb) && pa == pb
        && string.Equals(a.IdNumber, b.IdNumber, StringComparison.OrdinalIgnoreCase)
        && Same(a.Skills, b.Skills) && Same(a.Certifications, b.Certifications) && a.Insurance == b.Insurance;

    private static bool Same<T>(ImmutableArray<T> a, ImmutableArray<T> b) =>
        (a.IsDefault ? [] : a).SequenceEqual(b.IsDefault ? [] : b);
}
