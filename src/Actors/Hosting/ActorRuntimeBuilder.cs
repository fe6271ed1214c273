using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mobilize.Actors.Activation;
using Mobilize.Actors.Diagnostics;
using Mobilize.Actors.Persistence;

namespace Mobilize.Actors.Hosting;

/// <summary>Configures the runtime, the way ISiloBuilder does in Orleans.</summary>
public sealed class ActorRuntimeBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    internal GrainTypeManifest Manifest { get; } = new();

    public ActorRuntimeBuilder AddGrains(Assembly assembly)
    {
        Manifest.AddAssembly(assembly);
        return this;
    }

    public ActorRuntimeBuilder AddGrain<TGrain>() where TGrain : Grain
    {
        Manifest.AddClass(typeof(TGrain));
        return this;
    }

    public ActorRuntimeBuilder Configure(Action<ActorRuntimeOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    public ActorRuntimeBuilder AddMemoryGrainStorage(string name = GrainStorageNames.Default)
    {
        Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new MemoryGrainStorage(sp.GetRequiredService<IGrainStorageSerializer>()));
        Services.AddKeyedSingleton<IGrainStorageScanner>(name, (sp, key) => (IGrainStorageScanner)sp.GetRequiredKeyedService<IGrainStorage>(key));
        return this;
    }

    /// <summary>Work that runs after storage opened and before the silo reports ready (Orleans' startup tasks).</summary>
    public ActorRuntimeBuilder AddStartupTask(Func<IServiceProvider, CancellationToken, Task> task)
    {
        Services.AddSingleton(new StartupTask(task));
        return this;
    }
}

public sealed record StartupTask(Func<IServiceProvider, CancellationToken, Task> Run);

public static class ActorRuntimeServiceCollectionExtensions
{
    public static IServiceCollection AddActorRuntime(this IServiceCollection services, Action<ActorRuntimeBuilder> configure)
    {
        var builder = new ActorRuntimeBuilder(services);
        configure(builder);
        services.AddSingleton(builder.Manifest);
        services.AddOptions<ActorRuntimeOptions>().BindConfiguration(ActorRuntimeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainStorageSerializer>(new JsonGrainStorageSerializer());
        services.TryAddSingleton(sp => new ActorMeters(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddSingleton<SiloStatus>();
        // The keyed lifecycle registrations are read from the collection itself: DI cannot enumerate keys.
        services.TryAddSingleton(sp => new StorageLifecycles(services
            .Where(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorageLifecycle))
            .Select(d => sp.GetRequiredKeyedService<IGrainStorageLifecycle>(d.ServiceKey))
            .Distinct()
            .ToArray()));
        services.AddHostedService<SiloHost>();
        return services;
    }
}

internal sealed record StorageLifecycles(IReadOnlyList<IGrainStorageLifecycle> All);
