using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Hosting;
using Mobilize.Silo.Hosting;

namespace Mobilize.Benchmarks.Runtime;

[Alias("mobilize.bench.ping")]
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns at once: measures the runtime's own cost per call.</summary>
    [Alias("Ping")]
    Task<int> Ping(int value);

    /// <summary>Awaits once before returning: a continuation has to come back to the activation.</summary>
    [Alias("PingAwaiting")]
    Task<int> PingAwaiting(int value);
}

[GrainType("ping")]
public sealed class PingGrain : Grain, IPingGrain
{
    private int _calls;

    public Task<int> Ping(int value) => Task.FromResult(value + ++_calls);

    public async Task<int> PingAwaiting(int value)
    {
        await Task.Yield();
        return value + ++_calls;
    }
}

/// <summary>A bare Orleans silo in this process on the system clock, as the Api hosts one: the baseline a product path is
/// measured against.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchCluster(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchCluster> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: FreePort.Loopback(), gatewayPort: 0));
        var host = builder.Build();
        await host.StartAsync();
        return new BenchCluster(host);
    }

    /// <summary>Runs <paramref name="callers"/> loops, each calling its own grain <paramref name="callsPerCaller"/> times.</summary>
    public Task RunClosedLoop(int callers, int callsPerCaller, bool awaiting)
    {
        var grains = Grains;
        return Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var grain = grains.GetGrain<IPingGrain>(c);
            for (var i = 0; i < callsPerCaller; i++)
                _ = awaiting ? await grain.PingAwaiting(i) : await grain.Ping(i);
        })));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
