using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mobilize.Grains.Exercises;
using Mobilize.Silo.Idempotency;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Mobilize.Grains.Shared;

namespace Mobilize.Silo.Hosting;

public static class ClientHostingExtensions
{
    /// <summary>Makes this host an Orleans client of the cluster's silos (<c>UseOrleansClient</c> on Redis membership):
    /// a node in front of the silos that keeps no grain state, only its idempotency journal on the cluster's store.
    /// <see cref="SiloReadiness"/> reports started once the client reaches the cluster and the readiness steps ran.</summary>
    public static IHostApplicationBuilder AddMobilizeClient(this IHostApplicationBuilder builder, Action<IClientBuilder>? configure = null)
    {
        var services = builder.Services;
        WallClock.AddDefault(services);
        var cluster = ClusterSettings.From(builder.Configuration);
        var endpoints = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        var problems = new List<string>();
        if (!cluster.IsCluster) problems.Add("Cluster:Redis is required when Api:Silo is Remote: it is how the node finds the silos.");
        if (endpoints.Storage != SiloStorage.Postgres) problems.Add("Silo:Storage must be Postgres when Api:Silo is Remote: the journal is shared with the cluster.");
        // A faster clock would have to be the silos' too, and they run on their own; drills use the embedded server.
        if (builder.Configuration.GetValue<double?>(AcceleratedTimeProvider.ConfigurationKey) is { } rate && rate != 1)
            problems.Add("Silo:ClockRate (--clock-rate) runs only in the embedded server, not on a node in front of a cluster.");
        if (problems.Count > 0) throw new OptionsValidationException(ClusterSettings.ApiSiloKey, typeof(ClusterSettings), problems);

        SiloHostingExtensions.AddHostStorage(builder, grainStorage: false);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(DrillClock.RealTime);
        services.TryAddSingleton<SiloReadiness>();
        services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(cluster.Redis!);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = endpoints.ClusterId;
                o.ServiceId = endpoints.ServiceId;
            });
            // A gateway that died is dropped on the next refresh; Orleans' default of a minute is too slow for failover.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            // A silo draining refuses what reaches it after it stopped taking work; send it again, to wherever the grain goes.
            client.AddOutgoingGrainCallFilter<RejectedCallRetry>();
            // The node comes up before the silos or outlives them all; it keeps trying rather than exit, and says so.
            client.UseConnectionRetryFilter(async (exception, cancellation) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellation);
                return true;
            });
            configure?.Invoke(client);
        });
        services.AddHostedService<ClientReadiness>();
        return builder;
    }

    /// <summary>Waits for the cluster, opens the journal, runs the readiness steps, then reports started; closes the gate
    /// as soon as the host begins to stop.</summary>
    private sealed class ClientReadiness(IServiceProvider services, SiloReadiness readiness, IHostApplicationLifetime lifetime,
        ILogger<ClientReadiness> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            lifetime.ApplicationStopping.Register(readiness.MarkStopping);
            var grains = services.GetRequiredService<IGrainFactory>();
            while (true)
            {
                try
                {
                    var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(stoppingToken);
                    logger.LogInformation("Connected to the cluster: {Silos} active silos", hosts.Count);
                    break;
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Waiting for the cluster: {Reason}", exception.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, stoppingToken);
                }
            }
            await services.GetRequiredService<IIdempotencyStore>().OpenAsync(stoppingToken);
            foreach (var step in services.GetServices<ReadinessStep>()) await step.Run(services, stoppingToken);
            readiness.MarkStarted();
            logger.LogInformation("Node ready");
        }
    }
}
