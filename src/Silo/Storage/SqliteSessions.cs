using Microsoft.Data.Sqlite;

namespace Mobilize.Silo.Storage;

/// <summary>The writer's connection with its statements prepared once and reused for every batch.</summary>
internal sealed class SqliteWriterSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly KeyedCommand _insert;
    private readonly KeyedCommand _update;
    private readonly KeyedCommand _delete;
    private readonly KeyedCommand _selectEtag;
    private readonly SqliteCommand _readSequence;
    private readonly SqliteCommand _writeSequence;
    private readonly SqliteParameter _sequenceValue;

    public SqliteWriterSession(SqliteConnection connection, string keyFilter)
    {
        _connection = connection;
        _insert = new KeyedCommand(connection, """
            INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, updated_at)
            VALUES ($type, $key, $state, $etag, $payload, $now) ON CONFLICT DO NOTHING
            """, withPayload: true, withExpected: false);
        _update = new KeyedCommand(connection,
            $"UPDATE grain_state SET etag = $etag, payload = $payload, updated_at = $now WHERE {keyFilter} AND etag = $expected",
            withPayload: true, withExpected: true);
        _delete = new KeyedCommand(connection, $"DELETE FROM grain_state WHERE {keyFilter} AND etag = $expected", withPayload: false, withExpected: true);
        _selectEtag = new KeyedCommand(connection, $"SELECT etag FROM grain_state WHERE {keyFilter}", withPayload: false, withExpected: false);
        _readSequence = connection.CreateCommand();
        _readSequence.CommandText = "SELECT value FROM storage_meta WHERE name = 'etag_sequence'";
        _readSequence.Prepare();
        _writeSequence = connection.CreateCommand();
        _writeSequence.CommandText = "UPDATE storage_meta SET value = $value WHERE name = 'etag_sequence'";
        _sequenceValue = _writeSequence.Parameters.Add("$value", SqliteType.Integer);
        _writeSequence.Prepare();
    }

    public void Commit(IReadOnlyList<StorageOperation> batch, long now)
    {
        // IMMEDIATE takes the write lock up front, so a second process fails at BEGIN, not half-way.
        using var transaction = _connection.BeginTransaction(deferred: false);
        _readSequence.Transaction = transaction;
        _writeSequence.Transaction = transaction;
        foreach (var command in (ReadOnlySpan<KeyedCommand>)[_insert, _update, _delete, _selectEtag])
            command.Command.Transaction = transaction;

        var sequence = (long)_readSequence.ExecuteScalar()!;
        var first = sequence;
        foreach (var operation in batch)
        {
            var applied = operation switch
            {
                { Kind: StorageOperationKind.Write, ExpectedVersion: null } => _insert.Execute(operation, sequence + 1, now) == 1,
                { Kind: StorageOperationKind.Write } => _update.Execute(operation, sequence + 1, now) == 1,
                { Kind: StorageOperationKind.Clear, ExpectedVersion: null } => StoredVersion(operation) is null,
                _ => _delete.Execute(operation, 0, now) == 1,
            };
            if (!applied)
            {
                operation.Conflict = true;
                operation.StoredVersion = StoredVersion(operation);
            }
            else if (operation.Kind == StorageOperationKind.Write)
            {
                operation.NewVersion = ++sequence;
            }
        }
        if (sequence != first)
        {
            _sequenceValue.Value = sequence;
            _writeSequence.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public void Dispose()
    {
        foreach (var command in (ReadOnlySpan<KeyedCommand>)[_insert, _update, _delete, _selectEtag])
            command.Command.Dispose();
        _readSequence.Dispose();
        _writeSequence.Dispose();
        _connection.Dispose();
    }

    private long? StoredVersion(StorageOperation operation)
    {
        using var reader = _selectEtag.ExecuteReader(operation);
        return reader.Read() ? reader.GetInt64(0) : null;
    }
}

/// <summary>A pooled read connection with its one prepared statement.</summary>
internal sealed class SqliteReadSession(SqliteConnection connection, string keyFilter) : IDisposable
{
    private readonly KeyedCommand _select = new(connection, $"SELECT etag, payload FROM grain_state WHERE {keyFilter}", withPayload: false, withExpected: false);

    public StoredRow? Read(string grainType, string grainKey, string stateName)
    {
        _select.SetKey(grainType, grainKey, stateName);
        using var reader = _select.Command.ExecuteReader();
        return reader.Read() ? new StoredRow(grainKey, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    public void Dispose()
    {
        _select.Command.Dispose();
        connection.Dispose();
    }
}

/// <summary>A prepared statement addressing one row by its key, with its parameters kept at hand.</summary>
internal sealed class KeyedCommand
{
    private readonly SqliteParameter _type;
    private readonly SqliteParameter _key;
    private readonly SqliteParameter _state;
    private readonly SqliteParameter? _etag;
    private readonly SqliteParameter? _payload;
    private readonly SqliteParameter? _now;
    private readonly SqliteParameter? _expected;

    public KeyedCommand(SqliteConnection connection, string sql, bool withPayload, bool withExpected)
    {
        Command = connection.CreateCommand();
        Command.CommandText = sql;
        _type = Command.Parameters.Add("$type", SqliteType.Text);
        _key = Command.Parameters.Add("$key", SqliteType.Text);
        _state = Command.Parameters.Add("$state", SqliteType.Text);
        if (withPayload)
        {
            _etag = Command.Parameters.Add("$etag", SqliteType.Integer);
            _payload = Command.Parameters.Add("$payload", SqliteType.Blob);
            _now = Command.Parameters.Add("$now", SqliteType.Integer);
        }
        if (withExpected)
            _expected = Command.Parameters.Add("$expected", SqliteType.Integer);
        Command.Prepare();
    }

    public SqliteCommand Command { get; }

    public void SetKey(string grainType, string grainKey, string stateName)
    {
        _type.Value = grainType;
        _key.Value = grainKey;
        _state.Value = stateName;
    }

    public int Execute(StorageOperation operation, long newVersion, long now)
    {
        Bind(operation, newVersion, now);
        return Command.ExecuteNonQuery();
    }

    public SqliteDataReader ExecuteReader(StorageOperation operation)
    {
        Bind(operation, 0, 0);
        return Command.ExecuteReader();
    }

    private void Bind(StorageOperation operation, long newVersion, long now)
    {
        SetKey(operation.GrainType, operation.GrainKey, operation.StateName);
        if (_etag is not null)
        {
            _etag.Value = newVersion;
            _payload!.Value = operation.Payload;
            _now!.Value = now;
        }
        if (_expected is not null)
            _expected.Value = operation.ExpectedVersion;
    }
}
