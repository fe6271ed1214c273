using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

// Arrival and departure of deployed members, and the stand-down that ends the task.
internal sealed partial class TeamGrain
{
    public Task<Outcome<ServiceEntry>> CheckIn(IncidentId incident, VolunteerId volunteer) => Attend(incident, volunteer, ServiceEntryKind.CheckIn);

    public Task<Outcome<ServiceEntry>> CheckOut(IncidentId incident, VolunteerId volunteer) => Attend(incident, volunteer, ServiceEntryKind.CheckOut);

    public async Task Released(IncidentId incident)
    {
        if (state.Stored() is not { Assignment: { } assignment } s || assignment.Incident != incident) return;
        var now = time.GetUtcNow();
        var exercise = Held(assignment.Offer)?.Offer.Exercise ?? false;
        foreach (var member in assignment.Deployed)
        {
            // Whoever is still on site is checked out by the stand-down, so no session is left open for ever.
            var volunteer = GrainFactory.Volunteer(member);
            await volunteer.RecordService(new ServiceEntry(incident, Id, ServiceEntryKind.CheckOut, now, exercise));
            await volunteer.EndTask(incident, exercise);
        }
        state.State = s with
        {
            Assignment = null,
            Duty = DutyStatus.Resting,
            OnCallUntil = null,
            RestUntil = now + options.Value.RestPeriod,
        };
        await Save(announce: true);
    }

    private async Task<Outcome<ServiceEntry>> Attend(IncidentId incident, VolunteerId volunteer, ServiceEntryKind kind)
    {
        if (state.Stored() is not { } s) return Missing();
        if (s.Assignment is not { } assignment || assignment.Incident != incident)
            return Refusal.Conflict("team.not-assigned", $"Team {Id} is not deployed to incident {incident}.");
        if (!assignment.Deployed.Contains(volunteer))
            return Refusal.Conflict("team.member-not-deployed", $"{volunteer} is not deployed with team {Id}.");

        var entry = new ServiceEntry(incident, Id, kind, time.GetUtcNow(), Held(assignment.Offer)?.Offer.Exercise ?? false);
        var recorded = await GrainFactory.Volunteer(volunteer).RecordService(entry);
        if (recorded.Refusal is { } refusal) return refusal;
        // Kept here too, so the unit board reads "on scene" from the team alone, and announced so it changes live.
        var attendance = UnitStatusRule.Attend(assignment.Attendance, volunteer, kind == ServiceEntryKind.CheckIn, entry.At);
        if (!attendance.SequenceEqual(assignment.Attendance ?? []))
        {
            state.State = s with { Assignment = assignment with { Attendance = attendance } };
            await Save(announce: true);
        }
        await GrainFactory.Incident(incident).NoteAttendance(Id, volunteer, kind == ServiceEntryKind.CheckIn);
        return entry;
    }
}
