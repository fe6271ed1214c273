using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Persistence;

/// <summary>When the store fails under the application (a dropped connection, a table moved away by an operator, a
/// database that is out of space), callers are told to try again, as with any outage they can ride out with their
/// idempotency keys; the failure is neither a 500 nor an acknowledgement, and once the store is back the retry works.</summary>
public abstract class StoreOutageTests(TestStorage storage) : IAsyncLifetime
{
    private readonly MobilizeApp _app = new(storage);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    [Fact]
    public async Task a_failing_store_answers_503_with_retry_after_and_the_retry_succeeds_once_it_is_back()
    {
        var world = new World(_app.CreateClient());
        var registered = await world.Volunteer("before");
        var statusBefore = (await world.Get($"/api/volunteers/{registered}/status")).ToJsonString();

        await MoveGrainStateAsync("grain_state", "grain_state_away");
        // A grain not yet active must read the store; one already active must write it.
        var read = await world.Client.GetAsync($"/api/volunteers/{world.Id("never-seen")}");
        await AssertTryAgain(read);
        var body = World.Registration(world.Id("during"), "王五", World.NewPhone(), "first-aid");
        var write = await world.Client.PostJson("/api/volunteers", body, "outage-1");
        await AssertTryAgain(write);
        var offDuty = await world.Client.PutJson($"/api/volunteers/{registered}/duty", new { status = "Off" }, "outage-2");
        await AssertTryAgain(offDuty);

        await MoveGrainStateAsync("grain_state_away", "grain_state");
        // What the failed write changed in memory went with it: the registration is not there until it is retried.
        Assert.Equal(HttpStatusCode.NotFound, (await world.Client.GetAsync($"/api/volunteers/{world.Id("during")}")).StatusCode);
        Assert.Equal(statusBefore, (await world.Get($"/api/volunteers/{registered}/status")).ToJsonString());
        var retried = await world.Client.PostJson("/api/volunteers", body, "outage-1");
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        await world.Get($"/api/volunteers/{world.Id("during")}");
        Assert.Equal(HttpStatusCode.OK, (await world.Client.PutJson($"/api/volunteers/{registered}/duty", new { status = "Off" }, "outage-2")).StatusCode);
        Assert.NotEqual(statusBefore, (await world.Get($"/api/volunteers/{registered}/status")).ToJsonString());
    }

    [Fact]
    public async Task a_failing_idempotency_journal_answers_503_and_the_command_is_not_run_until_the_retry()
    {
        var world = new World(_app.CreateClient());
        var body = World.Registration(world.Id("journal"), "赵六", World.NewPhone(), "first-aid");

        await MoveGrainStateAsync("idempotency", "idempotency_away");
        await AssertTryAgain(await world.Client.PostJson("/api/volunteers", body, "journal-1"));
        await MoveGrainStateAsync("idempotency_away", "idempotency");

        Assert.Equal(HttpStatusCode.NotFound, (await world.Client.GetAsync($"/api/volunteers/{world.Id("journal")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await world.Client.PostJson("/api/volunteers", body, "journal-1")).StatusCode);
        var replay = await world.Client.PostJson("/api/volunteers", body, "journal-1");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
    }

    private static async Task AssertTryAgain(HttpResponseMessage response)
    {
        var problem = await response.Expect(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:mobilize:problem:unavailable", (string?)problem["type"]);
        Assert.True(response.Headers.RetryAfter is not null, "a 503 says when to try again");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task MoveGrainStateAsync(string from, string to)
    {
        if (storage == TestStorage.Postgres)
        {
            await using var connection = new Npgsql.NpgsqlConnection(MobilizeApp.PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"ALTER TABLE {_app.Schema}.{from} RENAME TO {to}", connection);
            await command.ExecuteNonQueryAsync();
            return;
        }
        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_app.DataDirectory, "mobilize.db")};Pooling=False;Default Timeout=30");
        await sqlite.OpenAsync();
        await using var rename = sqlite.CreateCommand();
        rename.CommandText = $"ALTER TABLE {from} RENAME TO {to}";
        await rename.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteStoreOutageTests() : StoreOutageTests(TestStorage.Sqlite);

public sealed class PostgresStoreOutageTests() : StoreOutageTests(TestStorage.Postgres);
