using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Silo.Storage;
using Mobilize.TestKit;

namespace Mobilize.Silo.Tests.Storage;

/// <summary>The contract over a fresh SQLite file per test, with each fsync policy.</summary>
public abstract class SqliteGrainStorageContract : GrainStorageContract
{
    protected SqliteGrainStorageContract() => Folder = TempFolder.Create();

    protected TempFolder Folder { get; }

    protected abstract SqliteSynchronousMode Synchronous { get; }

    protected TimeProvider Time { get; init; } = TimeProvider.System;

    protected override GroupCommitGrainStorage CreateProvider() => new SqliteGrainStorage(
        new SqliteGrainStorageOptions { DataDirectory = Folder.Path, Synchronous = Synchronous },
        new JsonStateSerializer(),
        Time);

    protected override Task<IAsyncDisposable> HoldWriteLockAsync(GrainId grain)
    {
        // Another connection in a write transaction: SQLite lets one writer in at a time, whatever the row.
        var connection = Folder.OpenDatabase();
        var transaction = connection.BeginTransaction(deferred: false);
        return Task.FromResult<IAsyncDisposable>(new Releaser(() =>
        {
            transaction.Rollback();
            transaction.Dispose();
            connection.Dispose();
        }));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Folder.Dispose();
    }

    [Fact]
    public async Task the_database_is_one_wal_file_in_the_data_directory()
    {
        await OpenAsync();

        Assert.Equal("wal", Folder.Scalar("PRAGMA journal_mode;"));
        Assert.True(File.Exists(Path.Combine(Folder.Path, SqliteGrainStorageOptions.DatabaseFileName)));
    }
}

public sealed class SqliteFullGrainStorageTests : SqliteGrainStorageContract
{
    protected override SqliteSynchronousMode Synchronous => SqliteSynchronousMode.Full;
}

public sealed class SqliteNormalGrainStorageTests : SqliteGrainStorageContract
{
    protected override SqliteSynchronousMode Synchronous => SqliteSynchronousMode.Normal;
}

public sealed class SqliteGrainStorageClockTests : IDisposable
{
    private readonly TempFolder _folder = TempFolder.Create();

    [Fact]
    public async Task updated_at_comes_from_the_injected_time_provider()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2031, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using (var storage = new SqliteGrainStorage(new SqliteGrainStorageOptions { DataDirectory = _folder.Path }, new JsonStateSerializer(), clock))
            await storage.WriteStateAsync("profile", GrainId.Create("Volunteer", "ada"), new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("ada", 1) });

        using var connection = _folder.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT updated_at FROM grain_state";
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), (long)command.ExecuteScalar()!);
    }

    public void Dispose() => _folder.Dispose();
}

public sealed class TempFolder : IDisposable
{
    private TempFolder(string path) => Path = path;

    public string Path { get; }

    public static TempFolder Create() =>
        new(Directory.CreateTempSubdirectory("mobilize-storage-").FullName);

    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = System.IO.Path.Combine(Path, SqliteGrainStorageOptions.DatabaseFileName),
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The first value <paramref name="sql"/> answers in the folder's database, read from a connection of its own.</summary>
    public object? Scalar(string sql)
    {
        using var connection = OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

public sealed class Releaser(Action release) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        release();
        return ValueTask.CompletedTask;
    }
}
