using System.Collections.Immutable;
using Npgsql;
using NpgsqlTypes;

namespace Mobilize.Silo.Idempotency;

/// <summary>The idempotency journal as a table beside the grain state in PostgreSQL. Saves are group-committed: the
/// records queued while one commit runs go in the next as one set-based INSERT, so concurrent requests share a commit.</summary>
public sealed class PostgresIdempotencyStore(string connectionString, string schema) : IIdempotencyStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);
    private readonly string _table = $"{schema}.idempotency";
    private IdempotencyGroupCommit? _queue;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // CREATE ... IF NOT EXISTS races with itself when two silos start at once; the lock makes them take turns.
            await using var command = new NpgsqlCommand($"""
                SELECT pg_advisory_xact_lock(hashtext('mobilize.idempotency.{schema}'));
                CREATE SCHEMA IF NOT EXISTS {schema};
                CREATE TABLE IF NOT EXISTS {_table} (
                    scope text NOT NULL,
                    key text NOT NULL,
                    request_hash bytea NOT NULL,
                    status integer NOT NULL,
                    headers text NOT NULL,
                    body bytea NOT NULL,
                    created_at timestamptz NOT NULL,
                    PRIMARY KEY (scope, key));
                CREATE INDEX IF NOT EXISTS idempotency_created_at ON {_table} (created_at);
                """, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        Queue.Start();
    }

    public async Task<IdempotencyRecord?> FindAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT request_hash, status, headers, body, created_at FROM {_table} WHERE scope = $1 AND key = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = scope, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new IdempotencyRecord(
            scope, key,
            [.. reader.GetFieldValue<byte[]>(0)],
            reader.GetInt32(1),
            IdempotencyHeaders.Deserialize(reader.GetString(2)),
            [.. reader.GetFieldValue<byte[]>(3)],
            reader.GetFieldValue<DateTimeOffset>(4));
    }

    public Task<IdempotencyRecord> SaveAsync(IdempotencyRecord record, CancellationToken cancellationToken) => Queue.Enqueue(record);

    // Saves queued before the store opens are committed once it does.
    private IdempotencyGroupCommit Queue => LazyInitializer.EnsureInitialized(ref _queue, () => new IdempotencyGroupCommit(CommitAsync));

    // A slice per statement keeps each transaction, and the locks it holds, short.
    public Task<int> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) => IdempotencyGroupCommit.PurgeInSlices(async () =>
    {
        await using var command = _dataSource.CreateCommand(
            $"DELETE FROM {_table} WHERE ctid IN (SELECT ctid FROM {_table} WHERE created_at < $1 LIMIT {IdempotencyGroupCommit.PurgeSlice})");
        command.Parameters.Add(new NpgsqlParameter { Value = createdBefore.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    });

    /// <summary>One INSERT for the batch; where a key was stored before (or earlier in the batch), the stored record wins.</summary>
    private async Task<IdempotencyRecord[]> CommitAsync(List<IdempotencyRecord> records)
    {
        var first = new Dictionary<(string, string), int>();
        for (var i = 0; i < records.Count; i++) first.TryAdd((records[i].Scope, records[i].Key), i);
        var candidates = first.Values.Order().Select(i => records[i]).ToList();

        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_table} (scope, key, request_hash, status, headers, body, created_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::integer[], $5::text[], $6::bytea[], $7::timestamptz[])
            ON CONFLICT DO NOTHING RETURNING scope, key
            """);
        Add(command, NpgsqlDbType.Text, candidates.Select(r => r.Scope));
        Add(command, NpgsqlDbType.Text, candidates.Select(r => r.Key));
        Add(command, NpgsqlDbType.Bytea, candidates.Select(r => r.RequestHash.ToArray()));
        Add(command, NpgsqlDbType.Integer, candidates.Select(r => r.StatusCode));
        Add(command, NpgsqlDbType.Text, candidates.Select(r => IdempotencyHeaders.Serialize(r.Headers)));
        Add(command, NpgsqlDbType.Bytea, candidates.Select(r => r.Body.ToArray()));
        Add(command, NpgsqlDbType.TimestampTz, candidates.Select(r => r.CreatedAt.ToUniversalTime()));
        var inserted = new HashSet<(string, string)>();
        await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
        {
            while (await reader.ReadAsync(CancellationToken.None)) inserted.Add((reader.GetString(0), reader.GetString(1)));
        }

        var results = new IdempotencyRecord[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var key = (records[i].Scope, records[i].Key);
            results[i] = first[key] == i && inserted.Contains(key)
                ? records[i]
                : (await FindAsync(records[i].Scope, records[i].Key, CancellationToken.None))!;
        }
        return results;
    }

    private static void Add<T>(NpgsqlCommand command, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type });

    public async ValueTask DisposeAsync()
    {
        if (_queue is not null) await _queue.CompleteAsync();
        await _dataSource.DisposeAsync();
    }
}
