using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Mobilize.Silo.Storage;

/// <summary>Grain state in PostgreSQL. The writer sends each batch as one NpgsqlBatch inside one
/// transaction: one round trip and one commit for many grains, with the updates of distinct records as one set-based
/// UPDATE (the common case: grains rewriting their state) instead of one statement each.</summary>
public sealed partial class PostgresGrainStorage : GroupCommitGrainStorage
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _insertSql;
    private readonly string _updateSql;
    private readonly string _updateAllSql;
    private readonly string _deleteSql;
    private readonly string _selectEtagSql;
    private readonly string _readSql;
    private readonly string _scanSql;

    public PostgresGrainStorage(PostgresGrainStorageOptions options, IStateSerializer serializer, TimeProvider? timeProvider = null)
        : base("postgres", serializer, timeProvider ?? TimeProvider.System, options.MaxBatchSize)
    {
        if (!SchemaName().IsMatch(options.Schema))
            throw new ArgumentException($"Schema '{options.Schema}' is not a plain lower-case identifier.", nameof(options));
        _schema = options.Schema;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        // Every statement here repeats with new values; server-side prepared plans save parsing them each time.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        _dataSource = builder.Build();

        var table = $"{_schema}.grain_state";
        const string key = "grain_type = $1 AND state_name = $2 AND grain_key = $3";
        _insertSql = $"""
            INSERT INTO {table} (grain_type, state_name, grain_key, etag, payload, updated_at)
            VALUES ($1, $2, $3, nextval('{_schema}.grain_state_etag'), $4, $5) ON CONFLICT DO NOTHING RETURNING etag
            """;
        _updateSql = $"UPDATE {table} SET etag = nextval('{_schema}.grain_state_etag'), payload = $4, updated_at = $5 WHERE {key} AND etag = $6 RETURNING etag";
        // ord is the update's index in the batch, so each returned row finds its operation.
        _updateAllSql = $"""
            UPDATE {table} AS t SET etag = nextval('{_schema}.grain_state_etag'), payload = v.payload, updated_at = $6
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bytea[]) WITH ORDINALITY AS v(grain_type, state_name, grain_key, etag, payload, ord)
            WHERE t.grain_type = v.grain_type AND t.state_name = v.state_name AND t.grain_key = v.grain_key AND t.etag = v.etag
            RETURNING (v.ord - 1)::integer, t.etag
            """;
        _deleteSql = $"DELETE FROM {table} WHERE {key} AND etag = $4 RETURNING etag";
        _selectEtagSql = $"SELECT etag FROM {table} WHERE {key}";
        _readSql = $"SELECT etag, payload FROM {table} WHERE {key}";
        _scanSql = $"SELECT grain_key, etag, payload FROM {table} WHERE grain_type = $1 AND state_name = $2 ORDER BY grain_key";
    }

    public string Schema => _schema;

    protected override async Task OpenCoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // CREATE ... IF NOT EXISTS still races with itself; the lock makes concurrent openers take turns.
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock(hashtext('mobilize.grain_state.{_schema}'));
            CREATE SCHEMA IF NOT EXISTS {_schema};
            -- One sequence for every row: a record cleared and written again never reuses an ETag.
            CREATE SEQUENCE IF NOT EXISTS {_schema}.grain_state_etag;
            CREATE TABLE IF NOT EXISTS {_schema}.grain_state (
                grain_type text NOT NULL,
                state_name text NOT NULL,
                grain_key text NOT NULL,
                etag bigint NOT NULL,
                payload bytea NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (grain_type, state_name, grain_key));
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask<StoredRow?> ReadRowAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_readSql);
        AddKey(command.Parameters, grainType, stateName, grainKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredRow(grainKey, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1))
            : null;
    }

    protected override async IAsyncEnumerable<StoredRow> ScanRowsAsync(string grainType, string stateName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(_scanSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainType });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return new StoredRow(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
    }

    protected override void CommitBatch(IReadOnlyList<StorageOperation> batch)
    {
        var now = Time.GetUtcNow();
        // Updates of distinct records go as one set-based statement; two updates of one record keep their order as singles.
        var updates = batch.Where(o => o is { Kind: StorageOperationKind.Write, ExpectedVersion: not null }).ToList();
        var setBased = updates.Count > 1 && updates.Select(o => (o.GrainType, o.StateName, o.GrainKey)).Distinct().Count() == updates.Count;
        var singles = setBased ? batch.Where(o => o is not { Kind: StorageOperationKind.Write, ExpectedVersion: not null }).ToList() : batch;
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var statements = new NpgsqlBatch(connection, transaction))
        {
            foreach (var operation in singles)
                statements.BatchCommands.Add(Statement(operation, now));
            if (setBased)
                statements.BatchCommands.Add(UpdateAll(updates, now));
            // Every single statement returns a result set (RETURNING or SELECT), so result i belongs to single i.
            using var reader = statements.ExecuteReader();
            foreach (var operation in singles)
            {
                long? returned = reader.Read() ? reader.GetInt64(0) : null;
                if (operation is { Kind: StorageOperationKind.Clear, ExpectedVersion: null })
                {
                    operation.Conflict = returned is not null;
                    operation.StoredVersion = returned;
                }
                else if (returned is null)
                {
                    operation.Conflict = true;
                }
                else if (operation.Kind == StorageOperationKind.Write)
                {
                    operation.NewVersion = returned;
                }
                reader.NextResult();
            }
            if (setBased)
            {
                // The set-based update returns a row per record it changed; an update missing from it met another ETag.
                foreach (var update in updates) update.Conflict = true;
                while (reader.Read())
                {
                    var update = updates[reader.GetInt32(0)];
                    update.Conflict = false;
                    update.NewVersion = reader.GetInt64(1);
                }
            }
        }
        ReadConflictingVersions(connection, transaction, batch);
        transaction.Commit();
    }

    protected override async ValueTask CloseCoreAsync() => await _dataSource.DisposeAsync().ConfigureAwait(false);

    private NpgsqlBatchCommand Statement(StorageOperation operation, DateTimeOffset now)
    {
        var statement = new NpgsqlBatchCommand(operation switch
        {
            { Kind: StorageOperationKind.Write, ExpectedVersion: null } => _insertSql,
            { Kind: StorageOperationKind.Write } => _updateSql,
            { Kind: StorageOperationKind.Clear, ExpectedVersion: null } => _selectEtagSql,
            _ => _deleteSql,
        });
        AddKey(statement.Parameters, operation.GrainType, operation.StateName, operation.GrainKey);
        if (operation.Kind == StorageOperationKind.Write)
        {
            statement.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = operation.Payload, NpgsqlDbType = NpgsqlDbType.Bytea });
            statement.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }
        if (operation.ExpectedVersion is { } expected)
            statement.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
        return statement;
    }

    private NpgsqlBatchCommand UpdateAll(List<StorageOperation> updates, DateTimeOffset now)
    {
        var statement = new NpgsqlBatchCommand(_updateAllSql);
        statement.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. updates.Select(o => o.GrainType)] });
        statement.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. updates.Select(o => o.StateName)] });
        statement.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. updates.Select(o => o.GrainKey)] });
        statement.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. updates.Select(o => o.ExpectedVersion!.Value)] });
        statement.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. updates.Select(o => o.Payload!)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        statement.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return statement;
    }

    /// <summary>Looks up, in the same transaction, what a conflicting operation found, for its exception's message.</summary>
    private void ReadConflictingVersions(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StorageOperation> batch)
    {
        var conflicts = batch.Where(o => o.Conflict && !(o is { Kind: StorageOperationKind.Clear, ExpectedVersion: null })).ToList();
        if (conflicts.Count == 0)
            return;
        using var lookups = new NpgsqlBatch(connection, transaction);
        foreach (var operation in conflicts)
        {
            var lookup = new NpgsqlBatchCommand(_selectEtagSql);
            AddKey(lookup.Parameters, operation.GrainType, operation.StateName, operation.GrainKey);
            lookups.BatchCommands.Add(lookup);
        }
        using var reader = lookups.ExecuteReader();
        foreach (var operation in conflicts)
        {
            operation.StoredVersion = reader.Read() ? reader.GetInt64(0) : null;
            reader.NextResult();
        }
    }

    private static void AddKey(NpgsqlParameterCollection parameters, string grainType, string stateName, string grainKey)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grainType });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = grainKey });
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
