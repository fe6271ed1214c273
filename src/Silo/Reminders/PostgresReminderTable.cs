using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace Mobilize.Silo.Reminders;

/// <summary>Reminders as a table in the silo's PostgreSQL schema, beside the grain state.</summary>
public sealed partial class PostgresReminderTable : SqlReminderTable, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresReminderTable(string connectionString, string schema, string serviceId) : base($"{Checked(schema)}.reminders", serviceId)
    {
        Schema = schema;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Schema { get; }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // CREATE ... IF NOT EXISTS still races with itself when silos start together; the lock makes them take turns.
        command.CommandText = $"""
            SELECT pg_advisory_xact_lock(hashtext('mobilize.reminders.{Schema}'));
            CREATE SCHEMA IF NOT EXISTS {Schema};
            {TableDefinition($"{Schema}.reminders", "text", "bigint")}
            CREATE INDEX IF NOT EXISTS reminders_by_hash ON {Schema}.reminders (service_id, grain_hash);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // The schema is written into SQL text, so it must be a plain identifier.
    private static string Checked(string schema) => SchemaName().IsMatch(schema)
        ? schema
        : throw new ArgumentException($"Schema '{schema}' is not a plain lower-case identifier.", nameof(schema));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
