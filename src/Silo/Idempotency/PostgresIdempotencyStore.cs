using System.Collections.Immutable;
using Npgsql;
using NpgsqlTypes;

namespace Mobilize.Silo.Idempotency;

/// <summary>The idempotency journal as a table beside the grain state in PostgreSQL.</summary>
public sealed class PostgresIdempotencyStore(string connectionString, string schema) : IIdempotencyStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);
    private readonly string _table = $"{schema}.idempotency";

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
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
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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

    public async Task<IdempotencyRecord> SaveAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO {_table} (scope, key, request_hash, status, headers, body, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = record.Scope, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Key, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = record.RequestHash.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = record.StatusCode, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = IdempotencyHeaders.Serialize(record.Headers), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Body.ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = record.CreatedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        // Not cancellable once started: the response it records may already be on its way to the client.
        var inserted = await command.ExecuteNonQueryAsync(CancellationToken.None);
        return inserted == 1 ? record : (await FindAsync(record.Scope, record.Key, CancellationToken.None))!;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
