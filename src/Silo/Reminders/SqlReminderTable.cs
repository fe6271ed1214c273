using System.Data.Common;
using System.Globalization;
using Orleans;
using Orleans.Runtime;

namespace Mobilize.Silo.Reminders;

/// <summary>Orleans' reminder table over one SQL table, written once for SQLite and PostgreSQL: both speak the same
/// statements here (named parameters, <c>INSERT ... ON CONFLICT DO UPDATE</c>), so only connecting and creating the
/// table differ. Rows carry the service id, so deployments sharing a store keep their reminders apart.</summary>
public abstract class SqlReminderTable : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period, etag";
    private const string Key = "service_id = @service AND grain_id = @grain AND reminder_name = @name";

    private readonly string _table;

    protected SqlReminderTable(string table, string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        _table = table;
        ServiceId = serviceId;
    }

    public string ServiceId { get; }

    /// <summary>An open connection, set up as the store needs it (SQLite: its pragmas).</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Creates the table and its hash index when missing; must be safe to run by several silos at once.</summary>
    protected abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public Task Init() => StartAsync();

    public virtual Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        QueryAsync($"SELECT {Columns} FROM {_table} WHERE service_id = @service AND grain_id = @grain",
            command => Add(command, "@grain", grainId.ToString()));

    /// <summary>Rows whose grain hash is in (begin, end]; when begin is not below end the range wraps past the top of
    /// the ring, and begin equal to end is the whole ring (one silo owns it all).</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var range = begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)";
        return QueryAsync($"SELECT {Columns} FROM {_table} WHERE service_id = @service AND {range}", command =>
        {
            Add(command, "@begin", (long)begin);
            Add(command, "@end", (long)end);
        });
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM {_table} WHERE {Key}", command => AddKey(command, grainId, reminderName)).ConfigureAwait(false);
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    /// <summary>Orleans upserts unconditionally (the entry's ETag is not checked); a fresh random ETag per write means a
    /// row removed and written again never matches an ETag an old holder kept.</summary>
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            INSERT INTO {_table} (service_id, grain_id, reminder_name, grain_hash, start_at, period, etag)
            VALUES (@service, @grain, @name, @hash, @start, @period, @etag)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
            SET grain_hash = excluded.grain_hash, start_at = excluded.start_at, period = excluded.period, etag = excluded.etag
            """);
        AddKey(command, entry.GrainId, entry.ReminderName);
        Add(command, "@hash", (long)entry.GrainId.GetUniformHashCode());
        // Ticks, so a row reads back exactly what was written; StartAt is UTC whatever Kind it carries.
        Add(command, "@start", entry.StartAt.Ticks);
        Add(command, "@period", entry.Period.Ticks);
        Add(command, "@etag", etag);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, $"DELETE FROM {_table} WHERE {Key} AND etag = @etag");
        AddKey(command, grainId, reminderName);
        Add(command, "@etag", eTag ?? "");
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
    }

    public async Task TestOnlyClearTable()
    {
        await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, $"DELETE FROM {_table} WHERE service_id = @service");
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task<ReminderTableData> QueryAsync(string sql, Action<DbCommand> bind)
    {
        await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, sql);
        bind(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }
        return new ReminderTableData(entries);
    }

    /// <summary>Every statement here is scoped to this service.</summary>
    private DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@service", ServiceId);
        return command;
    }

    private static void AddKey(DbCommand command, GrainId grainId, string reminderName)
    {
        Add(command, "@grain", grainId.ToString());
        Add(command, "@name", reminderName);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>The table's columns, the same in both stores but for the type names.</summary>
    protected static string TableDefinition(string table, string text, string integer) => string.Create(CultureInfo.InvariantCulture, $"""
        CREATE TABLE IF NOT EXISTS {table} (
            service_id {text} NOT NULL,
            grain_id {text} NOT NULL,
            reminder_name {text} NOT NULL,
            -- GrainId.GetUniformHashCode(), an unsigned 32-bit value: the ring position the range reads select on.
            grain_hash {integer} NOT NULL,
            start_at {integer} NOT NULL,
            period {integer} NOT NULL,
            etag {text} NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name));
        """);
}
