using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Mobilize.Grains.Hosting;
using Orleans.Hosting;
using Mobilize.Silo.Idempotency;
using Mobilize.Silo.Reminders;
using Mobilize.Silo.Storage;
using Mobilize.Grains.Shared;

namespace Mobilize.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>Command-line switches the silo understands, for <c>AddCommandLine(args, SwitchMappings)</c>.</summary>
    public static IDictionary<string, string> SwitchMappings => new Dictionary<string, string>
    {
        ["--data"] = $"{SiloOptions.SectionName}:{nameof(SiloOptions.DataDirectory)}",
        ["--clock-rate"] = AcceleratedTimeProvider.ConfigurationKey,
    };

    /// <summary>Co-hosts an Orleans silo in this process (<c>UseOrleans</c>): the Mobilize grains, the configured store as
    /// the default grain storage, the idempotency journal and the reminder table beside it, and start-up recovery. <paramref name="configure"/>
    /// lets a host add to the silo.</summary>
    public static IHostApplicationBuilder AddMobilizeSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        var services = builder.Services;
        AcceleratedTimeProvider.AddClockRate(builder);
        var storage = AddHostStorage(builder, grainStorage: true);
        var endpoints = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        var cluster = ClusterSettings.From(builder.Configuration);
        if (cluster.IsCluster && storage != SiloStorage.Postgres)
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions),
                ["Silo:Storage must be Postgres in a cluster: every silo reads and writes the same grain state."]);
        SiloClocks.Configure(services);
        // The web server comes up while the silo recovers, so probes see "live, not ready" instead of nothing.
        services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.UseOrleans(silo =>
        {
            var siloPort = endpoints.SiloPort == 0 ? FreePort.Loopback() : endpoints.SiloPort;
            if (cluster.IsCluster)
            {
                silo.UseRedisClustering(cluster.Redis!);
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = endpoints.ClusterId;
                    o.ServiceId = endpoints.ServiceId;
                });
                silo.ConfigureEndpoints(IPAddress.Parse(endpoints.AdvertisedAddress), siloPort, endpoints.GatewayPort);
                if (endpoints.Name is { Length: > 0 } name) silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = name);
                ClusterSettings.TuneMembership(services, builder.Configuration);
                // Grain-to-grain calls meet a draining silo as the Api nodes' calls do.
                silo.AddOutgoingGrainCallFilter<RejectedCallRetry>();
            }
            else
            {
                silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: endpoints.GatewayPort, serviceId: endpoints.ServiceId, clusterId: endpoints.ClusterId);
            }
            silo.AddMobilizeGrains();
            configure?.Invoke(silo);
        });
        return builder;
    }

    /// <summary>The silo options, and the idempotency journal with its retention on the configured store; with
    /// <paramref name="grainStorage"/>, grain storage and the reminder table too (a silo), without them only what a
    /// client node keeps itself.</summary>
    internal static SiloStorage AddHostStorage(IHostApplicationBuilder builder, bool grainStorage)
    {
        var services = builder.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Which provider to register must be known now; its settings are read later, from the validated options.
        var storage = builder.Configuration.GetSection(SiloOptions.SectionName).GetValue(nameof(SiloOptions.Storage), SiloStorage.Sqlite);
        if (storage == SiloStorage.Postgres) AddPostgres(services, grainStorage);
        else AddSqlite(services, grainStorage);
        services.AddHostedService(sp =>
        {
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return new IdempotencyRetention(sp.GetRequiredService<IIdempotencyStore>(), silo.IdempotencyRetention, silo.IdempotencyPurgeInterval,
                sp.GetRequiredService<WallClock>().Time, sp.GetRequiredService<ILogger<IdempotencyRetention>>());
        });
        return storage;
    }

    private static void AddSqlite(IServiceCollection services, bool grainStorage)
    {
        services.AddSingleton<IIdempotencyStore>(sp =>
        {
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return new SqliteIdempotencyStore(Path.Combine(silo.DataDirectory, SqliteGrainStorageOptions.DatabaseFileName), silo.SqliteSynchronous);
        });
        if (!grainStorage) return;
        services.AddSqliteGrainStorage(StorageNames.Default, _ => { });
        services.AddOptions<SqliteGrainStorageOptions>(StorageNames.Default)
            .Configure<IOptions<SiloOptions>>((o, silo) =>
            {
                o.DataDirectory = silo.Value.DataDirectory;
                o.Synchronous = silo.Value.SqliteSynchronous;
            });
        services.AddReminderTable((sp, serviceId) =>
        {
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return new SqliteReminderTable(Path.Combine(silo.DataDirectory, SqliteGrainStorageOptions.DatabaseFileName), silo.SqliteSynchronous, serviceId);
        });
    }

    private static void AddPostgres(IServiceCollection services, bool grainStorage)
    {
        services.AddSingleton<IIdempotencyStore>(sp =>
        {
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return new PostgresIdempotencyStore(silo.PostgresConnectionString!, silo.PostgresSchema);
        });
        if (!grainStorage) return;
        services.AddPostgresGrainStorage(StorageNames.Default, _ => { });
        services.AddOptions<PostgresGrainStorageOptions>(StorageNames.Default)
            .Configure<IOptions<SiloOptions>>((o, silo) =>
            {
                o.ConnectionString = silo.Value.PostgresConnectionString ?? "";
                o.Schema = silo.Value.PostgresSchema;
            });
        services.AddReminderTable((sp, serviceId) =>
        {
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            return new PostgresReminderTable(silo.PostgresConnectionString!, silo.PostgresSchema, serviceId);
        });
    }
}
