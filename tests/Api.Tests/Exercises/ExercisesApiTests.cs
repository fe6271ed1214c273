using System.Net;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Exercises;

public sealed class ExercisesApiTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    private static int _drills;

    /// <summary>Each drill a degree further north (about 111 km), beyond every other drill's callout radius.</summary>
    private FloodDrill NewDrill() => new(fixture.App, _client, $"x{Guid.NewGuid():N}"[..8], north: Interlocked.Increment(ref _drills));

    [Fact]
    public async Task an_exercise_starts_injects_lists_ends_and_refuses_what_it_cannot_do()
    {
        var drill = NewDrill();
        await drill.SetUpAsync();
        var missing = await (await _client.PostJson("/api/exercises", new { takesVolunteersFromRealDuty = true })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["name", "organisationId"], missing.ErrorFields().Order());
        var unknownOrganisation = await (await _client.PostJson("/api/exercises", new { name = "演练", organisationId = "nowhere" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["organisationId"], unknownOrganisation.ErrorFields());
        await (await _client.GetAsync("/api/exercises/ex-none")).Expect(HttpStatusCode.NotFound);

        var exercise = await drill.StartExerciseAsync();
        var incident = await drill.InjectAsync(exercise);
        Assert.True((bool)incident["exercise"]!);
        Assert.Equal(exercise, (string?)incident["exerciseId"]);

        var view = await (await _client.GetAsync($"/api/exercises/{exercise}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Running", (string?)view["status"]);
        Assert.False((bool)view["takesVolunteersFromRealDuty"]!);
        Assert.Equal([drill.Incident], view["incidents"]!.AsArray().Select(i => (string?)i));
        Assert.Equal("【演练】EXERCISE", (string?)view["marking"]);
        var listed = await (await _client.GetAsync($"/api/organisations/{drill.City}/exercises")).Expect(HttpStatusCode.OK);
        Assert.Equal([exercise], listed.AsArray().Select(e => (string?)e!["id"]));
        var real = await (await _client.GetAsync($"/api/organisations/{drill.Chaoyang}/incidents")).Expect(HttpStatusCode.OK);
        Assert.Empty(real.AsArray());
        var only = await (await _client.GetAsync($"/api/organisations/{drill.Chaoyang}/incidents?exercises=only")).Expect(HttpStatusCode.OK);
        Assert.Equal([drill.Incident], only.AsArray().Select(i => (string?)i!["id"]));

        var ended = await (await _client.PostAsync($"/api/exercises/{exercise}/end", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("Ended", (string?)ended["status"]);
        Assert.Equal("StoodDown", (string?)(await (await _client.GetAsync($"/api/incidents/{drill.Incident}")).Expect(HttpStatusCode.OK))["status"]);
        var late = await (await _client.PostJson("/api/incidents", new
        {
            id = drill.Incident + "-late", exerciseId = exercise, incidentType = "flood", place = new { latitude = 39.9, longitude = 116.4 },
            organisationId = drill.Chaoyang, severity = 2, requirements = new[] { new { key = "boats", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        })).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:exercise.ended", (string?)late["type"]);
    }

    [Fact]
    public async Task commanders_run_exercises_in_their_jurisdiction_observers_only_read_and_volunteers_are_refused()
    {
        var drill = NewDrill();
        await drill.SetUpAsync();
        var commander = fixture.App.CreateCommanderClient(drill.Chaoyang);
        var created = await (await commander.PostJson("/api/exercises", new { name = "朝阳演练", organisationId = drill.Chaoyang })).Expect(HttpStatusCode.Created);
        var exercise = (string)created["id"]!;
        var above = await (await commander.PostJson("/api/exercises", new { name = "全市演练", organisationId = drill.City })).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("urn:mobilize:problem:forbidden", (string?)above["type"]);

        var observer = fixture.App.CreateClient(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(drill.City)));
        await (await observer.GetAsync($"/api/exercises/{exercise}/report")).Expect(HttpStatusCode.OK);
        await (await observer.GetAsync($"/api/organisations/{drill.Chaoyang}/exercises")).Expect(HttpStatusCode.OK);
        await (await observer.PostAsync($"/api/exercises/{exercise}/end", null)).Expect(HttpStatusCode.Forbidden);

        var volunteer = fixture.App.CreateVolunteerClient(FloodDrill.Member(drill.Teams[0], 0));
        await (await volunteer.GetAsync($"/api/exercises/{exercise}")).Expect(HttpStatusCode.Forbidden);
        await (await fixture.App.CreateAnonymousClient().GetAsync($"/api/exercises/{exercise}")).Expect(HttpStatusCode.Unauthorized);

        var elsewhere = fixture.App.CreateCommanderClient(drill.City + "-elsewhere");
        await (await elsewhere.GetAsync($"/api/exercises/{exercise}/report")).Expect(HttpStatusCode.Forbidden);
        var injectedByOutsider = await elsewhere.PostJson("/api/incidents", new
        {
            id = drill.Incident, exerciseId = exercise, incidentType = "flood", place = new { latitude = drill.Latitude, longitude = drill.Longitude },
            organisationId = drill.Chaoyang, severity = 2, requirements = new[] { new { key = "boats", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        });
        await injectedByOutsider.Expect(HttpStatusCode.Forbidden);
        await (await drill.InjectWithAsync(commander, exercise)).Expect(HttpStatusCode.Created);
        await (await commander.PostAsync($"/api/exercises/{exercise}/end", null)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_team_on_a_default_exercise_answers_a_real_callout_and_the_report_says_it_was_called_away()
    {
        var drill = NewDrill();
        await drill.SetUpAsync();
        var exercise = await drill.StartExerciseAsync();
        var boatTeam = await MusterFirstBoatTeamAsync(drill, await drill.InjectAsync(exercise));

        var real = await drill.OpenRealFloodAsync(boatTeams: 5);
        var offer = real["offers"]!.AsArray().Single(o => (string?)o!["team"] == boatTeam);
        foreach (var m in new[] { 0, 1 })
            await (await _client.PostJson($"/api/teams/{boatTeam}/offers/{offer!["id"]}/answers",
                new { volunteerId = FloodDrill.Member(boatTeam, m), answer = "Accept", etaMinutes = 10 })).Expect(HttpStatusCode.OK);

        var team = await (await _client.GetAsync($"/api/teams/{boatTeam}")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)real["id"], (string?)team["assignment"]!["incident"]);
        var report = await (await _client.GetAsync($"/api/exercises/{exercise}/report")).Expect(HttpStatusCode.OK);
        var away = Assert.Single(report["calledAway"]!.AsArray());
        Assert.Equal((boatTeam, (string?)real["id"]), ((string?)away!["team"], (string?)away["realIncident"]));
    }

    [Fact]
    public async Task a_team_on_an_exercise_that_takes_volunteers_from_real_duty_is_not_offered_a_real_callout()
    {
        var drill = NewDrill();
        await drill.SetUpAsync();
        var exercise = await drill.StartExerciseAsync(takesVolunteersFromRealDuty: true);
        var boatTeam = await MusterFirstBoatTeamAsync(drill, await drill.InjectAsync(exercise));

        var real = await drill.OpenRealFloodAsync(boatTeams: 5);
        Assert.DoesNotContain(real["offers"]!.AsArray(), o => (string?)o!["team"] == boatTeam);
        var explanation = await (await _client.GetAsync($"/api/incidents/{real["id"]}/explanation")).Expect(HttpStatusCode.OK);
        Assert.Equal("AlreadyAssigned", (string?)explanation["candidates"]!.AsArray().First(c => (string?)c!["team"] == boatTeam)!["reason"]);
    }

    private async Task<string> MusterFirstBoatTeamAsync(FloodDrill drill, System.Text.Json.Nodes.JsonNode incident)
    {
        var offer = incident["offers"]!.AsArray().Where(o => (string?)o!["requirementKey"] == "boats").OrderBy(o => (int)o!["sequence"]!).First();
        var team = (string)offer!["team"]!;
        foreach (var m in new[] { 0, 1 })
            await (await _client.PostJson($"/api/teams/{team}/offers/{offer["id"]}/answers",
                new { volunteerId = FloodDrill.Member(team, m), answer = "Accept", etaMinutes = 10 })).Expect(HttpStatusCode.OK);
        var view = await (await _client.GetAsync($"/api/teams/{team}")).Expect(HttpStatusCode.OK);
        Assert.Equal(drill.Incident, (string?)view["assignment"]!["incident"]);
        return team;
    }
}
