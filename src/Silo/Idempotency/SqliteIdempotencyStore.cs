using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Mobilize.Silo.Storage;

namespace Mobilize.Silo.Idempotency;

/// <summary>The idempotency journal as a table in the silo's SQLite file, beside the grain state (WAL lets both commit).
/// Saves are group-committed: with synchronous=FULL every commit is an fsync, so concurrent requests share one.</summary>
public sealed class SqliteIdempotencyStore(string databasePath, SqliteSynchronousMode synchronous) : IIdempotencyStore, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private IdempotencyGroupCommit? _queue;

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
            CREATE INDEX IF NOT EXISTS idempotency_created_at ON idempotency (created_at);
            """, cancellationToken);
        _connection = connection;
        Queue.Start();
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

    public Task<IdempotencyRecord> SaveAsync(IdempotencyRecord record, CancellationToken cancellationToken) => Queue.Enqueue(record);

    // Saves queued before the store opens are committed once it does.
    private IdempotencyGroupCommit Queue => LazyInitializer.EnsureInitialized(ref _queue, () => new IdempotencyGroupCommit(CommitAsync));

    // A slice per turn of the gate: saves waiting behind a purge wait for one slice, not for the whole day.
    public Task<int> PurgeAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) => IdempotencyGroupCommit.PurgeInSlices(async () =>
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = Connection.CreateCommand();
            command.CommandText = "DELETE FROM idempotency WHERE rowid IN (SELECT rowid FROM idempotency WHERE created_at < $before LIMIT $slice)";
            command.Parameters.AddWithValue("$before", createdBefore.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$slice", IdempotencyGroupCommit.PurgeSlice);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    });

    /// <summary>One transaction for the batch; where a key was stored before (or earlier in the batch), the stored record wins.</summary>
    private async Task<IdempotencyRecord[]> CommitAsync(List<IdempotencyRecord> records)
    {
        await _gate.WaitAsync();
        try
        {
            var results = new IdempotencyRecord[records.Count];
            var losers = new List<int>();
            await using (var transaction = (SqliteTransaction)await Connection.BeginTransactionAsync())
            {
                for (var i = 0; i < records.Count; i++)
                {
                    var record = records[i];
                    await using var command = Connection.CreateCommand();
                    command.Transaction = transaction;
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
                    if (await command.ExecuteNonQueryAsync() == 1) results[i] = record;
                    else losers.Add(i);
                }
                await transaction.CommitAsync();
            }
            foreach (var i in losers)
                results[i] = (await FindCoreAsync(records[i].Scope, records[i].Key, CancellationToken.None))!;
            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_queue is not null) await _queue.CompleteAsync();
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
