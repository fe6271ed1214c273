using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Mobilize.Silo.Storage;

namespace Mobilize.Silo.Idempotency;

/// <summary>The idempotency journal as a table in the silo's SQLite file. One connection, one statement at a
/// time: each save is a single small insert, and WAL lets it commit beside the grain-state writer.</summary>
public sealed class SqliteIdempotencyStore(string databasePath, SqliteSynchronousMode synchronous) : IIdempotencyStore, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"""
            PRAGMA busy_timeout = 30000;
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = {(synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};
            CREATE TABLE IF NOT EXISTS idempotency (
                scope TEXT NOT NULL,
                key TEXT NOT NULL,
                request_hash BLOB NOT NULL,
                status INTEGER NOT NULL,
                headers TEXT NOT NULL,
                body BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (scope, key));
            """, cancellationToken);
        _connection = connection;
    }

    public async Task<IdempotencyRecord?> FindAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await FindCoreAsync(scope, key, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IdempotencyRecord> SaveAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        // Not cancellable once started: the response it records may already be on its way to the client.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await using var command = Connection.CreateCommand();
            command.CommandText = """
                INSERT INTO idempotency (scope, key, request_hash, status, headers, body, created_at)
                VALUES ($scope, $key, $hash, $status, $headers, $body, $at) ON CONFLICT DO NOTHING
                """;
            command.Parameters.AddWithValue("$scope", record.Scope);
            command.Parameters.AddWithValue("$key", record.Key);
            command.Parameters.AddWithValue("$hash", record.RequestHash.ToArray());
            command.Parameters.AddWithValue("$status", record.StatusCode);
            command.Parameters.AddWithValue("$headers", IdempotencyHeaders.Serialize(record.Headers));
            command.Parameters.AddWithValue("$body", record.Body.ToArray());
            command.Parameters.AddWithValue("$at", record.CreatedAt.ToUnixTimeMilliseconds());
            var inserted = await command.ExecuteNonQueryAsync(CancellationToken.None);
            return inserted == 1 ? record : (await FindCoreAsync(record.Scope, record.Key, CancellationToken.None))!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connection is not null) await _connection.DisposeAsync();
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException("The idempotency store is not open.");

    private async Task<IdempotencyRecord?> FindCoreAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await using var command = Connection.CreateCommand();
        command.CommandText = "SELECT request_hash, status, headers, body, created_at FROM idempotency WHERE scope = $scope AND key = $key";
        command.Parameters.AddWithValue("$scope", scope);
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new IdempotencyRecord(
            scope, key,
            [.. reader.GetFieldValue<byte[]>(0)],
            reader.GetInt32(1),
            IdempotencyHeaders.Deserialize(reader.GetString(2)),
            [.. reader.GetFieldValue<byte[]>(3)],
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
