using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Silo.Storage;
using Npgsql;

namespace Mobilize.Silo.Tests.Storage;

/// <summary>A schema of its own for one test class, dropped afterwards, on the server tools/ci/postgres.sh sets up.</summary>
public sealed class PostgresSchema : IAsyncLifetime
{
    public const string EnvironmentVariable = "MOBILIZE_TEST_POSTGRES";

    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=mobilize;Password=mobilize;Database=mobilize_test";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : DefaultConnectionString;

    public string Name { get; } = $"test_{Guid.NewGuid():N}";

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(ConnectionString);

    public async Task InitializeAsync()
    {
        try
        {
            await using var command = DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable with '{new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }}' ({exception.Message}). " +
                $"Run tools/ci/postgres.sh as root to start it, or point {EnvironmentVariable} at a server.", exception);
        }
    }

    public async Task<bool> HasTableAsync(string table)
    {
        await using var command = DataSource.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    public async Task DisposeAsync()
    {
        await using (var command = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE"))
            await command.ExecuteNonQueryAsync();
        await DataSource.DisposeAsync();
    }
}

public sealed class PostgresGrainStorageTests(PostgresSchema schema) : GrainStorageContract, IClassFixture<PostgresSchema>
{
    protected override GroupCommitGrainStorage CreateProvider() => new PostgresGrainStorage(
        new PostgresGrainStorageOptions { ConnectionString = PostgresSchema.ConnectionString, Schema = schema.Name },
        new JsonStateSerializer());

    protected override async Task<IAsyncDisposable> HoldWriteLockAsync(GrainId grain)
    {
        var connection = await schema.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(
            $"SELECT 1 FROM {schema.Name}.grain_state WHERE grain_type = $1 AND state_name = $2 AND grain_key = $3 FOR UPDATE", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Type.ToString()! });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StateName });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grain.Key.ToString()! });
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }
        return new Releaser(() =>
        {
            transaction.Rollback();
            transaction.Dispose();
            connection.Dispose();
        });
    }

    [Fact]
    public async Task opening_creates_the_table_in_the_configured_schema()
    {
        await OpenAsync();

        Assert.True(await schema.HasTableAsync("grain_state"));
    }
}
