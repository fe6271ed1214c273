using Mobilize.Silo.Reminders;
using Mobilize.Silo.Storage;
using Mobilize.Silo.Tests.Storage;

namespace Mobilize.Silo.Tests.Reminders;

public sealed class SqliteReminderTableTests : ReminderTableContract, IDisposable
{
    private readonly TempFolder _folder = TempFolder.Create();

    private string DatabasePath => Path.Combine(_folder.Path, SqliteGrainStorageOptions.DatabaseFileName);

    protected override SqlReminderTable CreateTable(string serviceId) => new SqliteReminderTable(DatabasePath, SqliteSynchronousMode.Full, serviceId);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task the_table_lives_in_the_silos_wal_file_beside_the_grain_state()
    {
        await StartAsync();

        Assert.Equal("wal", _folder.Scalar("PRAGMA journal_mode;"));
        Assert.Equal(1L, _folder.Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'reminders'"));
    }

    [Fact]
    public async Task the_table_opens_beside_grain_state_already_in_the_file()
    {
        await using (var storage = new SqliteGrainStorage(new SqliteGrainStorageOptions { DataDirectory = _folder.Path }, new JsonStateSerializer()))
            await storage.OpenAsync(CancellationToken.None);

        var table = await StartAsync();

        await UpsertAsync(table, Entry(Incident("beside")));
        Assert.Single((await table.ReadRows(Incident("beside"))).Reminders);
    }
}

public sealed class PostgresReminderTableTests(PostgresSchema schema) : ReminderTableContract, IClassFixture<PostgresSchema>
{
    protected override SqlReminderTable CreateTable(string serviceId) => new PostgresReminderTable(PostgresSchema.ConnectionString, schema.Name, serviceId);

    [Fact]
    public async Task the_table_is_created_in_the_configured_schema()
    {
        await StartAsync();

        Assert.True(await schema.HasTableAsync("reminders"));
    }

    [Fact]
    public async Task silos_starting_together_create_the_table_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => StartAsync()));

        Assert.Empty((await (await StartAsync()).ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public void a_schema_that_is_not_a_plain_identifier_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new PostgresReminderTable(PostgresSchema.ConnectionString, "x; DROP TABLE y", ServiceId));
}
