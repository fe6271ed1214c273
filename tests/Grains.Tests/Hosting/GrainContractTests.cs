using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Dispatch.Replication;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Mobilize.TestKit;
using Orleans;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Services;

namespace Mobilize.Grains.Tests.Hosting;

/// <summary>What a rolling upgrade and a cluster rely on: every message has a generated serializer and a stable alias,
/// so renaming a C# type never breaks a call between versions or stored state.</summary>
public sealed class GrainContractTests
{
    private static readonly Assembly Domain = typeof(MobilizeGrainsExtensions).Assembly;

    private static readonly Type[] GrainInterfaces = Domain.GetExportedTypes()
        .Where(t => t.IsInterface && (typeof(IGrain).IsAssignableFrom(t) || typeof(IGrainObserver).IsAssignableFrom(t) || typeof(IGrainService).IsAssignableFrom(t)))
        .ToArray();

    private static readonly IServiceProvider Serialization = new ServiceCollection().AddSerializer(s => s.AddAssembly(Domain)).BuildServiceProvider();

    [Fact]
    public void every_grain_interface_passes_only_deeply_immutable_messages()
    {
        Assert.Contains(typeof(ITeamGrain), GrainInterfaces);
        Assert.Contains(typeof(IDirectoryReplicaService), GrainInterfaces);
        Assert.Equal(19, GrainInterfaces.Length);
        Assert.Empty(MessageImmutability.Check(GrainInterfaces));
    }

    [Fact]
    public void every_grain_interface_and_method_has_a_stable_alias()
    {
        var missing = GrainInterfaces.Where(i => i.GetCustomAttribute<AliasAttribute>() is null).Select(i => i.Name)
            .Concat(GrainInterfaces.SelectMany(i => i.GetMethods()).Where(m => m.GetCustomAttribute<AliasAttribute>() is null)
                .Select(m => $"{m.DeclaringType!.Name}.{m.Name}"));
        Assert.Empty(missing);
        var clashes = GrainInterfaces.SelectMany(i => i.GetMethods().GroupBy(m => m.GetCustomAttribute<AliasAttribute>()!.Alias).Where(g => g.Count() > 1))
            .Select(g => g.Key);
        Assert.Empty(clashes);
    }

    [Fact]
    public void every_type_a_grain_call_carries_has_a_generated_serializer_a_copier_and_an_alias()
    {
        var codecs = Serialization.GetRequiredService<ICodecProvider>();
        var types = MessageTypes().ToList();
        Assert.Contains(typeof(TeamOffer), types);
        Assert.Contains(typeof(VolunteerId), types);
        var problems = types.Select(t =>
                codecs.TryGetCodec(t) is null ? $"{t.Name}: no codec"
                : codecs.TryGetDeepCopier(t) is null ? $"{t.Name}: no copier"
                : t.Namespace!.StartsWith("Mobilize", StringComparison.Ordinal) && t.GetCustomAttribute<AliasAttribute>() is null ? $"{t.Name}: no alias"
                : null)
            .OfType<string>();
        Assert.Empty(problems);
    }

    [Fact]
    public void aliases_of_domain_types_are_unique()
    {
        // Orleans' generated code lives in its own namespaces and carries aliases of its own.
        var aliases = Domain.GetTypes().Where(t => t.Namespace?.StartsWith("Mobilize", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetCustomAttributes<AliasAttribute>(inherit: false)).Select(a => a.Alias).ToList();
        Assert.True(aliases.Count > 100, $"only {aliases.Count} aliases");
        Assert.Empty(aliases.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void an_offer_and_a_refused_outcome_cross_a_silo_boundary_unchanged()
    {
        var serializer = Serialization.GetRequiredService<Serializer>();
        var offer = new TeamOffer(OfferId.Create("offer-1"), IncidentId.Create("flood-1"), "flood", new GeoPoint(39.92, 116.44), false, "boats",
            "water-rescue", 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(3));
        Assert.Equal(offer, serializer.Deserialize<TeamOffer>(serializer.SerializeToArray(offer)));
        Outcome<TeamView> refused = Refusal.Invalid([new FieldError("leaderId", "volunteer not registered")]);
        var back = serializer.Deserialize<Outcome<TeamView>>(serializer.SerializeToArray(refused))?.Refusal;
        Assert.NotNull(back);
        Assert.Equal("invalid", back.Code);
        Assert.Equal([new FieldError("leaderId", "volunteer not registered")], back.Errors.ToArray());
    }

    [Fact]
    public void every_grain_class_is_internal_behind_its_interface_with_a_fixed_grain_type()
    {
        var grainClasses = Domain.GetTypes().Where(t => typeof(Grain).IsAssignableFrom(t)).ToList();
        Assert.Equal(17, grainClasses.Count);
        Assert.All(grainClasses, c => Assert.False(c.IsPublic, $"{c.Name} is public"));
        Assert.All(grainClasses, c => Assert.NotNull(c.GetCustomAttribute<GrainTypeAttribute>()));
    }

    /// <summary>Parameter and result types of every grain method, and every type they hold, to the leaves.</summary>
    private static IEnumerable<Type> MessageTypes()
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(GrainInterfaces.SelectMany(i => i.GetMethods())
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
        while (pending.TryPop(out var type))
        {
            if (type == typeof(Task) || type == typeof(ValueTask) || type == typeof(void) || type == typeof(CancellationToken)) continue;
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            {
                pending.Push(type.GetGenericArguments()[0]);
                continue;
            }
            // A grain or observer reference: Orleans serializes it as an id, whatever generated proxy stands behind it.
            if (type.IsInterface && typeof(IAddressable).IsAssignableFrom(type)) continue;
            if (!seen.Add(type)) continue;
            yield return type;
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : []) pending.Push(argument);
            if (type.Namespace?.StartsWith("Mobilize", StringComparison.Ordinal) != true) continue;
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)) pending.Push(field.FieldType);
            foreach (var derived in Domain.GetTypes().Where(t => t != type && type.IsAssignableFrom(t) && !t.IsInterface)) pending.Push(derived);
        }
    }
}
