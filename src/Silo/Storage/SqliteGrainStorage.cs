using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Mobilize.Silo.Storage;

/// <summary>Grain state in one SQLite file in WAL mode: one writer connection that group-commits, and
/// pooled read connections that WAL lets read while the writer commits.</summary>
public sealed class SqliteGrainStorage : GroupCommitGrainStorage
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            state_name TEXT NOT NULL,
            etag INTEGER NOT NULL,
            payload BLOB NOT NULL,
            updated_at INTEGER NOT NULL,
            -- state_name before grain_key so that a scan of one type and state reads one index range.
            PRIMARY KEY (grain_type, state_name, grain_key));
        -- ETags come from one counter rather than per row so that a record cleared and written again
        -- never hands out an ETag that an old reader still holds.
        CREATE TABLE IF NOT EXISTS storage_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT OR IGNORE INTO storage_meta (name, value) VALUES ('etag_sequence', 0);
        """;

    private const string KeyFilter = "grain_type = $type AND state_name = $state AND grain_key = $key";

    private readonly SqliteGrainStorageOptions _options;
    private readonly string _connectionString;
    private readonly ConcurrentBag<SqliteReadSession> _readers = [];
    private int _pooledReaders;
    private SqliteWriterSession? _writer;
    private volatile bool _closed;

    public SqliteGrainStorage(SqliteGrainStorageOptions options, IStateSerializer serializer, TimeProvider? timeProvider = null)
        : base("sqlite", serializer, timeProvider ?? TimeProvider.System, options.MaxBatchSize)
    {
        _options = options;
        _connectionString = BuildConnectionString(options);
    }

    /// <summary>The database file, for diagnostics and tests.</summary>
    public string DataSource => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    protected override Task OpenCoreAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        var connection = OpenConnection();
        try
        {
            Execute(connection, "PRAGMA journal_mode = WAL;");
            Execute(connection, $"PRAGMA synchronous = {(_options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};");
            Execute(connection, Schema);
            _writer = new SqliteWriterSession(connection, KeyFilter);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return Task.CompletedTask;
    }

    protected override ValueTask<StoredRow?> ReadRowAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SqliteReadSession session;
        if (_readers.TryTake(out var pooled))
        {
            Interlocked.Decrement(ref _pooledReaders);
            session = pooled;
        }
        else
        {
            session = new SqliteReadSession(OpenConnection(), KeyFilter);
        }
        try
        {
            return ValueTask.FromResult(session.Read(grainType, grainKey, stateName));
        }
        finally
        {
            // A reader returned after close, or beyond the pool size, is closed rather than kept.
            if (_closed || Interlocked.Increment(ref _pooledReaders) > _options.ReadConnections)
            {
                if (!_closed)
                    Interlocked.Decrement(ref _pooledReaders);
                session.Dispose();
            }
            else
            {
                _readers.Add(session);
                // Close may have drained the pool between the check and the add.
                if (_closed && _readers.TryTake(out var late))
                    late.Dispose();
            }
        }
    }

    protected override async IAsyncEnumerable<StoredRow> ScanRowsAsync(string grainType, string stateName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A scan may take a while; its own connection keeps it from holding a pooled reader.
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, etag, payload FROM grain_state WHERE grain_type = $type AND state_name = $state ORDER BY grain_key";
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$state", stateName);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return new StoredRow(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
    }

    protected override void CommitBatch(IReadOnlyList<StorageOperation> batch) =>
        _writer!.Commit(batch, Time.GetUtcNow().ToUnixTimeMilliseconds());

    protected override ValueTask CloseCoreAsync()
    {
        _closed = true;
        _writer?.Dispose();
        _writer = null;
        while (_readers.TryTake(out var session))
            session.Dispose();
        return ValueTask.CompletedTask;
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        try
        {
            // SQLite's own busy handler also covers BEGIN IMMEDIATE while another process holds the write lock.
            Execute(connection, $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds};");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string BuildConnectionString(SqliteGrainStorageOptions options)
    {
        var builder = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.DataDirectory ?? throw new ArgumentException("Set DataDirectory or ConnectionString.", nameof(options)), SqliteGrainStorageOptions.DatabaseFileName) }
            : new SqliteConnectionStringBuilder(options.ConnectionString);
        // The provider keeps its own connections open; the driver's pool would only hold files open after close.
        builder.Pooling = false;
        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        return builder.ToString();
    }
}
