using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mobilize.Grains.Hosting;
using Orleans.Runtime.Hosting;

namespace Mobilize.Silo.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers a SQLite provider with Orleans as the grain storage <paramref name="name"/>, and as the
    /// <see cref="IStoredStateScanner"/> of the same name. Configuration section <c>Storage:Sqlite:{name}</c>, when
    /// present, overrides what <paramref name="configure"/> set.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configure)
    {
        AddOptions(services, name, SqliteGrainStorageOptions.SectionName, configure);
        return AddProvider(services, name, sp => new SqliteGrainStorage(
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            sp.GetRequiredService<IStateSerializer>(),
            sp.GetRequiredService<TimeProvider>()) { Logger = StorageLogger(sp) });
    }

    /// <summary>Registers a PostgreSQL provider the same way; configuration section <c>Storage:Postgres:{name}</c>.</summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, Action<PostgresGrainStorageOptions> configure)
    {
        AddOptions(services, name, PostgresGrainStorageOptions.SectionName, configure);
        return AddProvider(services, name, sp => new PostgresGrainStorage(
            sp.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name),
            sp.GetRequiredService<IStateSerializer>(),
            sp.GetRequiredService<TimeProvider>()) { Logger = StorageLogger(sp) });
    }

    private static ILogger StorageLogger(IServiceProvider sp) =>
        (ILogger?)sp.GetService<ILoggerFactory>()?.CreateLogger<GroupCommitGrainStorage>() ?? NullLogger.Instance;

    private static void AddOptions<TOptions>(IServiceCollection services, string name, string sectionName, Action<TOptions> configure)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddOptions<TOptions>(name)
            .Configure(configure)
            // Configuration is optional: tests and tools build a container without one.
            .Configure<IServiceProvider>((options, sp) => sp.GetService<IConfiguration>()?.GetSection($"{sectionName}:{name}").Bind(options))
            .ValidateDataAnnotations();
    }

    private static IServiceCollection AddProvider(IServiceCollection services, string name, Func<IServiceProvider, GroupCommitGrainStorage> create)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStateSerializer>(new JsonStateSerializer());
        // Orleans' own registration: keyed IGrainStorage, and the provider joins the silo lifecycle to open and close.
        services.AddGrainStorage(name, (sp, _) => create(sp));
        services.AddKeyedSingleton<IStoredStateScanner>(name, (sp, key) => (IStoredStateScanner)sp.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(key));
        return services;
    }
}
