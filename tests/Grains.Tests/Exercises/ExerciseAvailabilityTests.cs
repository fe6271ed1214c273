using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Exercises;

/// <summary>Whether a drill takes teams away from real incidents: by default it does not, and a team called to a real
/// flood leaves the drill; an exercise that says so holds its teams like a real task.</summary>
public sealed class ExerciseAvailabilityTests
{
    private static readonly GeoPoint Guomao = new(39.9200, 116.4400);
    private static readonly IncidentId Drill = IncidentId.Create("drill-guomao");
    private static readonly IncidentId Flood = IncidentId.Create("flood-guomao");

    private static IncidentRequest Request(bool exercise) => new("flood", Guomao, World.Chaoyang, 3, exercise,
        [new RequirementSpec("boats", "water-rescue", 1, 2)], 10_000, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task a_team_on_a_default_exercise_stays_a_candidate_for_a_real_incident_and_is_called_away_when_it_musters()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450), members: 2);
        var exercise = await StartExerciseAsync(world, takesFromRealDuty: false);
        await MusterAsync(world, team, (await world.Grains.Exercise(exercise).Inject(Drill, Request(false))).ValueOrThrow());
        var onDrill = await world.Settle(team);
        Assert.Equal(Drill, onDrill.Assignment?.Incident);
        Assert.True(onDrill.Assignment!.Exercise);

        var flood = (await world.Grains.Incident(Flood).Create(Request(false))).ValueOrThrow();
        Assert.Equal([team], flood.Offers.Select(o => o.Team));
        await MusterAsync(world, team, flood);

        var onFlood = await world.Settle(team);
        Assert.Equal(Flood, onFlood.Assignment?.Incident);
        Assert.False(onFlood.Assignment!.Exercise);
        Assert.Equal(IncidentStatus.Filled, (await world.Summary(Flood)).Status);
        var member = (await world.Grains.Volunteer(World.Member(team, 1)).GetStatus()).ValueOrThrow();
        Assert.Equal(Flood, member.CurrentIncident);
        var drillTimeline = (await world.Grains.Incident(Drill).GetTimeline()).ValueOrThrow();
        var away = Assert.Single(drillTimeline.Entries, e => e.Kind == IncidentTimelineKinds.TeamCalledAway);
        Assert.Equal((team, "flood-guomao"), (away.Team!.Value, away.Detail));
        var report = (await world.Grains.Exercise(exercise).GetReport()).ValueOrThrow();
        Assert.Equal(Flood, Assert.Single(report.CalledAway).RealIncident);
    }

    [Fact]
    public async Task a_team_on_an_exercise_that_takes_volunteers_from_real_duty_is_held_like_a_real_assignment()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450), members: 2);
        var exercise = await StartExerciseAsync(world, takesFromRealDuty: true);
        await MusterAsync(world, team, (await world.Grains.Exercise(exercise).Inject(Drill, Request(false))).ValueOrThrow());
        await world.Settle(team);

        var flood = (await world.Grains.Incident(Flood).Create(Request(false))).ValueOrThrow();
        Assert.Empty(flood.Offers);
        var explain = (await world.Grains.Incident(Flood).Explain()).ValueOrThrow();
        Assert.Equal(ExclusionReason.AlreadyAssigned, explain.Candidates.Single(c => c.Team == team).Reason);
        Assert.Equal(Drill, (await world.Settle(team)).Assignment?.Incident);
    }

    [Fact]
    public async Task a_team_on_a_real_incident_is_never_taken_by_an_exercise()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450), members: 2);
        await MusterAsync(world, team, (await world.Grains.Incident(Flood).Create(Request(false))).ValueOrThrow());
        await world.Settle(team);

        var exercise = await StartExerciseAsync(world, takesFromRealDuty: false);
        var drill = (await world.Grains.Exercise(exercise).Inject(Drill, Request(false))).ValueOrThrow();
        Assert.True(drill.Exercise);
        Assert.Empty(drill.Offers);
        Assert.Equal(Flood, (await world.Settle(team)).Assignment?.Incident);
    }

    [Fact]
    public void only_an_exercise_that_leaves_teams_available_yields_to_a_real_offer()
    {
        var offer = new TeamOffer(OfferId.Create("o"), Flood, "flood", Guomao, false, "boats", "water-rescue", 2, default, default);
        TeamAssignment On(bool exercise, bool takes) => new(Drill, OfferId.Create("d"), "boats", default, [], exercise, takes);

        Assert.True(ExerciseAvailability.MayTake(null, offer));
        Assert.True(ExerciseAvailability.MayTake(On(exercise: true, takes: false), offer));
        Assert.False(ExerciseAvailability.MayTake(On(exercise: true, takes: true), offer));
        Assert.False(ExerciseAvailability.MayTake(On(exercise: false, takes: true), offer));
        Assert.False(ExerciseAvailability.MayTake(On(exercise: true, takes: false), offer with { Exercise = true }));
    }

    private static async Task<ExerciseId> StartExerciseAsync(World world, bool takesFromRealDuty)
    {
        var id = ExerciseId.Create("ex-flood");
        (await world.Grains.Exercise(id).Create(new ExercisePlan(id, "汛期演练", World.Beijing, takesFromRealDuty, null))).ValueOrThrow();
        return id;
    }

    private static async Task MusterAsync(World world, TeamId team, IncidentSummary incident)
    {
        var offer = World.OfferTo(incident, team).Id;
        await world.Settle(team);
        for (var i = 0; i < 2; i++)
            (await world.Grains.Team(team).Answer(offer, new MemberAnswer(World.Member(team, i), OfferAnswer.Accept, TimeSpan.FromMinutes(10)))).ValueOrThrow();
    }
}
