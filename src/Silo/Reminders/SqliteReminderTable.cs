using System.Data.Common;
using Microsoft.Data.Sqlite;
using Mobilize.Silo.Storage;

namespace Mobilize.Silo.Reminders;

/// <summary>Reminders as a table in the silo's SQLite file (<c>mobilize.db</c>), beside the grain state and the
/// idempotency journal. One file because the data folder is then one unit to back up or move: a copy never holds an
/// incident's offers without the reminder that times them out. The cost is a second writer on the file, which SQLite
/// serialises; reminder writes are two per callout (registered, then removed), so they hardly ever wait.</summary>
public sealed class SqliteReminderTable : SqlReminderTable
{
    private readonly string _connectionString;
    private readonly SqliteSynchronousMode _synchronous;

    public SqliteReminderTable(string databasePath, SqliteSynchronousMode synchronous, string serviceId) : base("reminders", serviceId)
    {
        DatabasePath = databasePath;
        _synchronous = synchronous;
        // Pooled: opening the file and its WAL index for every registration cost more than the write (callout p99
        // 100 ms → 2 s at 200/s unpooled); the pool is cleared when the table stops, so no handle outlives the silo.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
    }

    public string DatabasePath { get; }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            // synchronous is per connection: an acknowledged registration must survive a power cut like the state it guards.
            command.CommandText = $"""
                PRAGMA busy_timeout = 30000;
                PRAGMA synchronous = {(_synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken = default)
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return Task.CompletedTask;
    }

    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(DatabasePath))!);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode = WAL;
            {TableDefinition("reminders", "TEXT", "INTEGER")}
            CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
