using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mobilize.Actors;
using Mobilize.Actors.Activation;
using Mobilize.Actors.Hosting;

namespace Mobilize.TestKit;

/// <summary>An in-process silo for tests: a real host with the real runtime, a manual clock by default,
/// and whatever storage the test configures. Restart keeps the configuration (and so the data folder).</summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly Action<ActorRuntimeBuilder> _configureRuntime;
    private readonly Action<IServiceCollection>? _configureServices;
    private IHost? _host;

    private TestCluster(TimeProvider time, Action<ActorRuntimeBuilder> configureRuntime, Action<IServiceCollection>? configureServices)
    {
        Time = time;
        _configureRuntime = configureRuntime;
        _configureServices = configureServices;
    }

    public TimeProvider Time { get; }

    public ManualTimeProvider Clock => Time as ManualTimeProvider ?? throw new InvalidOperationException("This cluster runs on the system clock.");

    public IServiceProvider Services => Host.Services;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public GrainRuntime Runtime => Services.GetRequiredService<GrainRuntime>();

    private IHost Host => _host ?? throw new InvalidOperationException("The cluster is not running.");

    public static async Task<TestCluster> StartAsync(Action<ActorRuntimeBuilder> configureRuntime, Action<IServiceCollection>? configureServices = null, TimeProvider? time = null)
    {
        var cluster = new TestCluster(time ?? new ManualTimeProvider(), configureRuntime, configureServices);
        await cluster.StartHostAsync();
        return cluster;
    }

    public async Task StopAsync()
    {
        if (_host is null) return;
        // A safety net on the real clock, so a test that leaves a grain blocked fails instead of hanging.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.StopAsync(guard.Token);
        _host.Dispose();
        _host = null;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartHostAsync();
    }

    private async Task StartHostAsync()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(Time);
        builder.Services.AddActorRuntime(_configureRuntime);
        _configureServices?.Invoke(builder.Services);
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
