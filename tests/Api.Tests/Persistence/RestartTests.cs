using System.Net;
using Mobilize.Api.Tests.Callout;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Persistence;

/// <summary>What the API acknowledged is still there after the application restarts on the same store, retries still
/// replay, and an open incident's offer deadlines run on.</summary>
public abstract class RestartTests(TestStorage storage) : IAsyncLifetime
{
    private MobilizeApp _app = new(storage);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    [Fact]
    public async Task registrations_incidents_and_idempotency_keys_survive_a_restart_and_the_open_incident_resumes_its_timer()
    {
        var world = new World(_app.CreateClient());
        var callout = new BeijingCallout(world);
        await callout.SetUpAsync();
        const string key = "open-flood-1";
        var created = await world.Client.PostJson("/api/incidents", IncidentBody(callout), key);
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var profileBefore = (await world.Get($"/api/volunteers/{callout.E.Leader}")).ToJsonString();
        var teamBefore = (await world.Get($"/api/teams/{callout.E.Id}")).ToJsonString();

        _app = await _app.RestartAsync();
        world = new World(_app.CreateClient());
        var client = world.Client;

        Assert.Equal(profileBefore, (await world.Get($"/api/volunteers/{callout.E.Leader}")).ToJsonString());
        Assert.Equal(teamBefore, (await world.Get($"/api/teams/{callout.E.Id}")).ToJsonString());
        var replay = await client.PostJson("/api/incidents", IncidentBody(callout), key);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(createdBody, await replay.Content.ReadAsStringAsync());
        Assert.Equal(1, await _app.CountIdempotencyRecordsAsync(key));

        // Nobody answers: the deadline armed before the restart fires after it, and the search widens.
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        var summary = await world.Get($"/api/incidents/{callout.Incident}");
        var offers = summary["offers"]!.AsArray().OrderBy(o => (int)o!["sequence"]!).ToList();
        Assert.Equal(["TimedOut", "TimedOut", "TimedOut", "Pending", "Pending"], offers.Select(o => (string?)o!["status"]));
        Assert.Equal([callout.H.Id, callout.F.Id], offers.Skip(3).Select(o => (string?)o!["team"]));
    }

    private static object IncidentBody(BeijingCallout callout) => new
    {
        id = callout.Incident,
        incidentType = "flood",
        place = new { latitude = BeijingCallout.IncidentLatitude, longitude = BeijingCallout.IncidentLongitude },
        organisationId = callout.Dongcheng,
        severity = 3,
    };
}

public sealed class SqliteRestartTests() : RestartTests(TestStorage.Sqlite);

public sealed class PostgresRestartTests() : RestartTests(TestStorage.Postgres);
