using Orleans;
using Mobilize.Grains;
using Mobilize.Grains.Audit;
using Mobilize.Grains.Privacy;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Access;

/// <summary>Who may see a volunteer's phone and ID number unmasked and their position to the metre; every unmasked view
/// is written to the audit log before the data leaves.</summary>
public sealed class PersonalData(AccessScopes scopes, IGrainFactory grains, TimeProvider time)
{
    public const string UnmaskedAction = "volunteer.unmasked";

    public const string PreciseLocationAction = "volunteer.location.precise";

    /// <summary>One audit entry per viewer, volunteer and incident per hour: a dashboard re-reads positions every few
    /// seconds, and an hour is fine enough to say who followed whom during which part of an operation.</summary>
    public static readonly TimeSpan PreciseViewWindow = TimeSpan.FromHours(1);

    /// <summary>Administrators, the volunteer themself, and commanders whose jurisdiction holds their record (the
    /// organisation that registered them or one of the teams they consented to join).</summary>
    public async Task<bool> MayUnmask(Caller caller, VolunteerId volunteer) =>
        caller.IsAdministrator
        || (caller.Role is Roles.Volunteer or Roles.TeamLeader && caller.Volunteer == volunteer)
        || (caller is { Role: Roles.Commander, Organisation: { } jurisdiction } && await scopes.IsWithin(new Resource.Volunteer(volunteer), jurisdiction));

    public Task RecordUnmaskedView(Caller caller, VolunteerId volunteer, string reason)
    {
        var now = time.GetUtcNow();
        return grains.AuditLog(AuditDays.Of(now)).Append(new AuditEntry(now, caller.Subject, caller.Role, UnmaskedAction, volunteer.Value, reason));
    }

    /// <summary>Written before the position leaves, like an unmasked view; the reason is what entitled the viewer.</summary>
    private Task RecordPreciseView(Caller caller, VolunteerStatus status, bool forIncident)
    {
        var now = time.GetUtcNow();
        var reason = forIncident && status.CurrentIncident is { } incident ? $"incident {incident}" : "on duty in the viewer's jurisdiction";
        return grains.AuditLog(AuditDays.Of(now)).AppendUnlessRecent(
            new AuditEntry(now, caller.Subject, caller.Role, PreciseLocationAction, status.Id.Value, reason), PreciseViewWindow);
    }

    /// <summary>The status with the location as this caller may see it (see <see cref="LocationPrivacy"/>).</summary>
    public async Task<VolunteerStatus> ForViewer(Caller caller, VolunteerStatus status)
    {
        if (status.Location is not { } location) return status;
        var isCommander = caller is { Role: Roles.Commander, Organisation: not null };
        var viewer = new LocationViewer(
            IsTheVolunteer: caller.Volunteer == status.Id && caller.Role is Roles.Volunteer or Roles.TeamLeader,
            CommandsTheirIncident: isCommander && status.CurrentIncident is { } incident
                && await scopes.IsWithin(new Resource.Incident(incident), caller.Organisation!.Value),
            CommandsTheirTeams: isCommander && await scopes.HasTeamWithin(status.Id, caller.Organisation!.Value));
        if (LocationPrivacy.SeesPrecise(viewer, status.Status) && !viewer.IsTheVolunteer)
            await RecordPreciseView(caller, status, viewer.CommandsTheirIncident);
        return status with { Location = LocationPrivacy.ForViewer(location, viewer, status.Status) };
    }
}
