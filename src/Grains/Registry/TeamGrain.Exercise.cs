using Mobilize.Grains.Readiness;
using Mobilize.Grains.Records;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

// A team on an exercise that leaves it available musters for a real incident: it leaves the exercise first.
internal sealed partial class TeamGrain
{
    /// <summary>Ends the exercise task of every deployed member (checked out, so exercise hours stay exact) and tells the
    /// exercise incident that the team was called away.</summary>
    private async Task LeaveExercise(TeamAssignment exercise, IncidentId realIncident)
    {
        var now = time.GetUtcNow();
        foreach (var member in exercise.Deployed)
        {
            var volunteer = GrainFactory.Volunteer(member);
            await volunteer.RecordService(new ServiceEntry(exercise.Incident, Id, ServiceEntryKind.CheckOut, now, Exercise: true));
            await volunteer.EndTask(exercise.Incident, exercise: true, Held(exercise.Offer)?.Offer.Rest ?? RestRules.Default(options.Value.RestPeriod));
        }
        state.State = state.State! with { Assignment = null };
        await GrainFactory.Incident(exercise.Incident).NoteTeamCalledAway(Id, realIncident);
    }
}
