using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Silo.Storage;
using Npgsql;

namespace Mobilize.Benchmarks.Storage;

/// <summary>Durable state writes per second: one grain writing turn after turn, and 256 grains writing at
/// once so that group commit can share each fsync. Results are per write (OperationsPerInvoke).</summary>
/// <remarks>SQLite files go under MOBILIZE_BENCH_DATA (default: the temp folder, which must be a real disk,
/// not tmpfs, for FULL to mean anything). PostgreSQL comes from MOBILIZE_TEST_POSTGRES, as for the tests.</remarks>
[Config(typeof(Config))]
public class StorageWriteBenchmarks
{
    public const int SequentialWrites = 64;
    public const int Grains = 256;
    public const int WritesPerGrain = 16;

    private GroupCommitGrainStorage _storage = null!;
    private BenchGrainState[] _states = [];
    private string? _folder;
    private string? _schema;

    [Params("sqlite-full", "sqlite-normal", "postgres")]
    public string Provider { get; set; } = "sqlite-full";

    [GlobalSetup]
    public void Setup()
    {
        _storage = Provider switch
        {
            "postgres" => CreatePostgres(),
            _ => CreateSqlite(Provider == "sqlite-full" ? SqliteSynchronousMode.Full : SqliteSynchronousMode.Normal),
        };
        _storage.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        _states = Enumerable.Range(0, Grains).Select(i => new BenchGrainState(GrainId.Create("Volunteer", $"v{i:D4}"))).ToArray();
        Task.WhenAll(_states.Select(s => _storage.WriteStateAsync("profile", s.Id, s))).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {Provider}: {_storage.CommittedOperations} writes in {_storage.CommittedBatches} transactions");
        _storage.CloseAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (_folder is not null)
            Directory.Delete(_folder, recursive: true);
        if (_schema is not null)
        {
            using var dataSource = NpgsqlDataSource.Create(PostgresConnectionString);
            using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
            drop.ExecuteNonQuery();
        }
    }

    [Benchmark(OperationsPerInvoke = SequentialWrites, Description = "one grain, sequential")]
    public async Task OneGrainSequential()
    {
        var state = _states[0];
        for (var i = 0; i < SequentialWrites; i++)
        {
            state.State = state.State with { Revision = state.State.Revision + 1 };
            await _storage.WriteStateAsync("profile", state.Id, state);
        }
    }

    [Benchmark(OperationsPerInvoke = Grains * WritesPerGrain, Description = "256 grains, concurrent")]
    public Task ManyGrainsConcurrent() => Task.WhenAll(_states.Select(async state =>
    {
        // Each grain waits for its own write before the next, as a grain's turns do.
        for (var i = 0; i < WritesPerGrain; i++)
        {
            state.State = state.State with { Revision = state.State.Revision + 1 };
            await _storage.WriteStateAsync("profile", state.Id, state);
        }
    }));

    internal static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("MOBILIZE_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=mobilize;Password=mobilize;Database=mobilize_test";

    private SqliteGrainStorage CreateSqlite(SqliteSynchronousMode synchronous)
    {
        var root = Environment.GetEnvironmentVariable("MOBILIZE_BENCH_DATA") is { Length: > 0 } configured ? configured : Path.GetTempPath();
        _folder = Path.Combine(root, $"mobilize-bench-{Guid.NewGuid():N}");
        return new SqliteGrainStorage(new SqliteGrainStorageOptions { DataDirectory = _folder, Synchronous = synchronous }, new JsonStateSerializer());
    }

    private PostgresGrainStorage CreatePostgres()
    {
        _schema = $"bench_{Guid.NewGuid():N}";
        return new PostgresGrainStorage(new PostgresGrainStorageOptions { ConnectionString = PostgresConnectionString, Schema = _schema }, new JsonStateSerializer());
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In process: BenchmarkDotNet would otherwise rebuild the solution into the shared bin folders.
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
            WithOption(ConfigOptions.JoinSummary, true);
        }
    }
}

/// <summary>A state of realistic size (about 600 bytes of JSON) and shape.</summary>
public sealed record BenchVolunteer(
    string Name,
    int Revision,
    ImmutableArray<string> Skills,
    ImmutableDictionary<string, DateOnly> Certifications,
    ImmutableList<string> History,
    double Latitude,
    double Longitude);

public sealed class BenchGrainState(GrainId id) : IGrainState<BenchVolunteer>
{
    public GrainId Id { get; } = id;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public BenchVolunteer State { get; set; } = new(
        $"Volunteer {id.Key}",
        0,
        ["water-rescue", "first-aid", "radio", "rope-access", "boat-handling"],
        ImmutableDictionary<string, DateOnly>.Empty.Add("SRT-1", new DateOnly(2027, 3, 31)).Add("EMR", new DateOnly(2026, 12, 1)).Add("VHF", new DateOnly(2028, 1, 1)),
        [.. Enumerable.Range(0, 8).Select(i => $"incident-2026-{i:D5}: arrived 09:{i:D2}, left 13:{i:D2}")],
        31.2304,
        121.4737);

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
