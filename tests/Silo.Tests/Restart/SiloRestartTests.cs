using Mobilize.Grains.Hosting;
using System.Collections.Immutable;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Mobilize.Silo.Hosting;
using Mobilize.Silo.Storage;
using Mobilize.Silo.Tests.Storage;
using Mobilize.TestKit;

namespace Mobilize.Silo.Tests.Restart;

[GenerateSerializer, Immutable, Alias("mobilize.tests.muster")]
public sealed record Muster(ImmutableArray<string> Arrived, int Version)
{
    public Muster() : this(ImmutableArray<string>.Empty, 0) { }
}

[Alias("mobilize.tests.muster-point")]
public interface IMusterPointGrain : IGrainWithStringKey
{
    [Alias("Arrive")]
    Task Arrive(string volunteer);

    [Alias("Read")]
    Task<Muster> Read();
}

[GrainType("musterpoint")]
public sealed class MusterPointGrain([PersistentState("muster")] IPersistentState<Muster> muster) : Grain, IMusterPointGrain
{
    public async Task Arrive(string volunteer)
    {
        muster.State = muster.State with { Arrived = muster.State.Arrived.Add(volunteer), Version = muster.State.Version + 1 };
        await muster.WriteStateAsync();
    }

    public Task<Muster> Read() => Task.FromResult(muster.State);
}

/// <summary>Grain state written through the runtime survives stopping the silo and starting a new one on the same store.</summary>
public sealed class SiloRestartTests : IClassFixture<PostgresSchema>, IDisposable
{
    private readonly PostgresSchema _schema;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"mobilize-restart-{Guid.NewGuid():N}");

    public SiloRestartTests(PostgresSchema schema) => _schema = schema;

    [Fact]
    public Task state_survives_a_silo_restart_on_sqlite() =>
        WriteRestartRead(services => services.AddSqliteGrainStorage(StorageNames.Default, o => o.DataDirectory = _folder));

    [Fact]
    public Task state_survives_a_silo_restart_on_postgresql() =>
        WriteRestartRead(services => services.AddPostgresGrainStorage(StorageNames.Default, o =>
        {
            o.ConnectionString = PostgresSchema.ConnectionString;
            o.Schema = _schema.Name;
        }));

    private static async Task WriteRestartRead(Action<IServiceCollection> storage)
    {
        await using var cluster = await TestCluster.StartAsync(_ => { }, storage);
        var keys = Enumerable.Range(0, 50).Select(i => $"point-{i}-{Guid.NewGuid():N}").ToArray();
        await Task.WhenAll(keys.Select(async key =>
        {
            var point = cluster.GrainFactory.GetGrain<IMusterPointGrain>(key);
            await point.Arrive("张伟");
            await point.Arrive("李娜");
        }));

        await cluster.RestartAsync();

        Assert.Equal(0, await cluster.CountActivationsAsync("musterpoint"));
        foreach (var key in keys)
        {
            var state = await cluster.GrainFactory.GetGrain<IMusterPointGrain>(key).Read();
            Assert.Equal(["张伟", "李娜"], state.Arrived.ToArray());
            Assert.Equal(2, state.Version);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
