using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mobilize.Silo.Hosting;
using Orleans;
using Orleans.Core.Internal;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace Mobilize.TestKit;

/// <summary>Orleans silos in this process (<see cref="InProcessTestCluster"/>) for tests: grain timers on a manual clock
/// by default, the runtime itself on the wall clock, and whatever storage the test configures. A restart starts new
/// silos with the same configuration, so what the storage holds carries over as it would across a real restart.</summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly Action<ISiloBuilder> _configureSilo;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly short _silos;
    private InProcessTestCluster? _cluster;

    private TestCluster(TimeProvider time, Action<ISiloBuilder> configureSilo, Action<IServiceCollection>? configureServices, short silos)
    {
        Time = time;
        _configureSilo = configureSilo;
        _configureServices = configureServices;
        _silos = silos;
    }

    public TimeProvider Time { get; }

    public ManualTimeProvider Clock => Time as ManualTimeProvider ?? throw new InvalidOperationException("This cluster runs on the system clock.");

    public InProcessTestCluster Orleans => _cluster ?? throw new InvalidOperationException("The cluster is not running.");

    /// <summary>The first silo's services: its dispatch directory, live feed and storage.</summary>
    public IServiceProvider Services => Orleans.Silos[0].ServiceProvider;

    /// <summary>The first silo's grain factory: calls from outside any grain, as the co-hosted Api makes them.</summary>
    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Every running silo's services, the first silo first.</summary>
    public IReadOnlyList<IServiceProvider> SiloServices => [.. Orleans.Silos.Select(s => s.ServiceProvider)];

    /// <summary>Every running silo's address, in the order of <see cref="SiloServices"/>.</summary>
    public IReadOnlyList<SiloAddress> SiloAddresses => [.. Orleans.Silos.Select(s => s.SiloAddress)];

    /// <summary>Starts one more silo with the same configuration, as a silo joining a running cluster; returns once it
    /// is active and its start-up tasks have run.</summary>
    public async Task<IServiceProvider> StartSiloAsync() => (await Orleans.StartAdditionalSiloAsync()).ServiceProvider;

    /// <summary>The silos holding an activation of each grain of a type (its <c>[GrainType]</c> name): one, or more
    /// for a moment while a grain moves (the silos are asked one after the other).</summary>
    public async Task<IReadOnlyDictionary<GrainId, IReadOnlyList<SiloAddress>>> ActivationSilosAsync(string grainType)
    {
        var statistics = await GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Where(s => s.GrainId.Type.ToString() == grainType).GroupBy(s => s.GrainId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SiloAddress>)[.. g.Select(s => s.SiloAddress).Distinct()]);
    }

    public static async Task<TestCluster> StartAsync(Action<ISiloBuilder> configureSilo, Action<IServiceCollection>? configureServices = null,
        TimeProvider? time = null, short silos = 1)
    {
        var cluster = new TestCluster(time ?? new ManualTimeProvider(), configureSilo, configureServices, silos);
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>How many activations of a grain type (its <c>[GrainType]</c> name) the cluster holds.</summary>
    public async Task<int> CountActivationsAsync(string grainType)
    {
        var statistics = await GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Count(s => s.GrainId.Type.ToString() == grainType);
    }

    /// <summary>Deactivates every idle activation, as idle collection would after their age limit.</summary>
    public Task DeactivateAllAsync() => GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    /// <summary>Deactivates one grain as a lost activation would leave it: gone from memory, its timers with it, and
    /// nothing else in the cluster told. Returns once the cluster no longer holds it.</summary>
    public async Task DeactivateAsync(IAddressable grain, TimeSpan? timeout = null)
    {
        var id = grain.GetGrainId();
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while ((await GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()).Any(s => s.GrainId == id))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"{id} is still active.");
            await Task.Delay(20);
        }
    }

    /// <summary>Moves one grain's activation to <paramref name="target"/>, as a rebalance does (what the grain keeps
    /// in memory only is lost, as when a silo goes); returns once the cluster holds it there.</summary>
    public async Task MigrateAsync(IAddressable grain, SiloAddress target, TimeSpan? timeout = null)
    {
        var id = grain.GetGrainId();
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!((await ActivationSilosAsync(id.Type.ToString()!)).TryGetValue(id, out var hosts) && hosts.SequenceEqual([target])))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"{id} did not move to {target}.");
            RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
            try
            {
                await grain.AsReference<IGrainManagementExtension>().MigrateOnIdle();
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }
            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        if (_cluster is null) return;
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        _cluster = null;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await DeployAsync();
    }

    private async Task DeployAsync()
    {
        var builder = new InProcessTestClusterBuilder(_silos);
        builder.Options.InitializeClientOnDeploy = false;
        // Otherwise each silo writes a log file into ./logs of whatever folder runs it (a probe run from the repository).
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(Time);
            SiloClocks.Configure(silo.Services);
            _configureServices?.Invoke(silo.Services);
            _configureSilo(silo);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
