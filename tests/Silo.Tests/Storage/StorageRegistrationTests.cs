using Mobilize.Grains.Hosting;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Silo.Storage;

namespace Mobilize.Silo.Tests.Storage;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly TempFolder _folder = TempFolder.Create();

    [Fact]
    public async Task sqlite_storage_is_one_keyed_instance_behind_orleans_storage_the_scanner_and_the_silo_lifecycle()
    {
        var services = new ServiceCollection();
        services.AddSqliteGrainStorage("volunteers", options => options.DataDirectory = _folder.Path);
        await using var provider = services.BuildServiceProvider();

        var storage = provider.GetRequiredKeyedService<IGrainStorage>("volunteers");

        Assert.IsType<SqliteGrainStorage>(storage);
        Assert.Same(storage, provider.GetRequiredKeyedService<IStoredStateScanner>("volunteers"));
        Assert.Contains((ILifecycleParticipant<ISiloLifecycle>)storage, provider.GetServices<ILifecycleParticipant<ISiloLifecycle>>());
        Assert.Null(provider.GetKeyedService<IGrainStorage>(StorageNames.Default));
    }

    [Fact]
    public async Task postgres_storage_is_registered_under_its_name_with_its_schema()
    {
        var services = new ServiceCollection();
        services.AddPostgresGrainStorage("incidents", options =>
        {
            options.ConnectionString = PostgresSchema.ConnectionString;
            options.Schema = "incident_store";
        });
        await using var provider = services.BuildServiceProvider();

        var storage = Assert.IsType<PostgresGrainStorage>(provider.GetRequiredKeyedService<IGrainStorage>("incidents"));

        Assert.Equal("incident_store", storage.Schema);
        Assert.Contains((ILifecycleParticipant<ISiloLifecycle>)storage, provider.GetServices<ILifecycleParticipant<ISiloLifecycle>>());
    }

    [Fact]
    public async Task sqlite_options_without_a_location_are_rejected()
    {
        var services = new ServiceCollection();
        services.AddSqliteGrainStorage("volunteers", _ => { });
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IGrainStorage>("volunteers"));

        Assert.Contains("DataDirectory", error.Message);
    }

    [Fact]
    public async Task postgres_schema_that_is_not_a_plain_identifier_is_rejected()
    {
        var services = new ServiceCollection();
        services.AddPostgresGrainStorage("incidents", options =>
        {
            options.ConnectionString = PostgresSchema.ConnectionString;
            options.Schema = "x; DROP TABLE y";
        });
        await using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IGrainStorage>("incidents"));
    }

    [Fact]
    public async Task the_configuration_section_of_the_provider_name_overrides_code()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{SqliteGrainStorageOptions.SectionName}:volunteers:Synchronous"] = "Normal",
            [$"{SqliteGrainStorageOptions.SectionName}:volunteers:MaxBatchSize"] = "64",
        }).Build());
        services.AddSqliteGrainStorage("volunteers", options => options.DataDirectory = _folder.Path);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get("volunteers");

        Assert.Equal(SqliteSynchronousMode.Normal, options.Synchronous);
        Assert.Equal(64, options.MaxBatchSize);
        Assert.Equal(_folder.Path, options.DataDirectory);
    }

    [Fact]
    public async Task storage_latency_is_recorded_per_provider_and_operation()
    {
        var seen = new ConcurrentBag<(string? Provider, string? Operation, double Milliseconds)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == StorageMetrics.LatencyInstrument)
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            seen.Add((Tag(all, "provider"), Tag(all, "operation"), value));
        });
        listener.Start();
        await using var storage = new SqliteGrainStorage(new SqliteGrainStorageOptions { DataDirectory = _folder.Path }, new JsonStateSerializer());
        var state = new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("ada", 1) };

        await storage.WriteStateAsync("profile", GrainId.Create("Volunteer", "ada"), state);
        await storage.ReadStateAsync("profile", GrainId.Create("Volunteer", "ada"), state);

        var operations = seen.Where(m => m.Provider == "sqlite").Select(m => m.Operation).ToHashSet();
        Assert.Superset(new HashSet<string?> { "write", "read", "commit" }, operations);
        Assert.All(seen, m => Assert.True(m.Milliseconds >= 0));
    }

    public void Dispose() => _folder.Dispose();

    private static string? Tag(KeyValuePair<string, object?>[] tags, string name) => tags.FirstOrDefault(t => t.Key == name).Value as string;
}
