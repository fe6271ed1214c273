using System.Reflection;

namespace Mobilize.Actors.Activation;

/// <summary>What the runtime knows about one grain implementation class.</summary>
internal sealed class GrainClass
{
    public GrainClass(Type type)
    {
        Type = type;
        TypeName = type.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultTypeName(type);
        IsReentrant = type.IsDefined(typeof(ReentrantAttribute), inherit: true);
        var worker = type.GetCustomAttribute<StatelessWorkerAttribute>();
        IsStatelessWorker = worker is not null;
        MaxLocalWorkers = worker is null ? 1 : worker.MaxLocalWorkers > 0 ? worker.MaxLocalWorkers : Environment.ProcessorCount;
        CollectionAge = type.GetCustomAttribute<CollectionAgeLimitAttribute>()?.Age;
        Constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {type.Name} needs a public constructor.");
        Parameters = Constructor.GetParameters()
            .Select(p => (p, p.GetCustomAttribute<PersistentStateAttribute>()))
            .Select(x => new GrainConstructorParameter(x.p.ParameterType, x.Item2))
            .ToArray();
        foreach (var parameter in Parameters.Where(p => p.State is not null))
        {
            if (!parameter.Type.IsGenericType || parameter.Type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
                throw new InvalidOperationException($"[PersistentState] on {type.Name} must mark an IPersistentState<T> parameter.");
        }
    }

    public Type Type { get; }
    public string TypeName { get; }
    public bool IsReentrant { get; }
    public bool IsStatelessWorker { get; }
    public int MaxLocalWorkers { get; }
    public TimeSpan? CollectionAge { get; }
    public ConstructorInfo Constructor { get; }
    public IReadOnlyList<GrainConstructorParameter> Parameters { get; }

    // "VolunteerGrain" -> "volunteer": the Orleans convention, and what storage rows carry.
    private static string DefaultTypeName(Type type)
    {
        var name = type.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
            name = name[..^"Grain".Length];
        return name.ToLowerInvariant();
    }
}

internal sealed record GrainConstructorParameter(Type Type, PersistentStateAttribute? State);

/// <summary>Maps grain interfaces to the one class implementing each.</summary>
public sealed class GrainTypeManifest
{
    private readonly Dictionary<Type, GrainClass> _byInterface = [];
    private readonly Dictionary<Type, GrainClass> _byClass = [];
    private readonly Dictionary<Type, string> _ambiguous = [];

    public void AddAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)))
            AddClass(type);
    }

    public void AddClass(Type type)
    {
        if (_byClass.ContainsKey(type)) return;
        var grainClass = new GrainClass(type);
        _byClass[type] = grainClass;
        foreach (var face in type.GetInterfaces().Where(IsGrainInterface))
        {
            // As in Orleans, an interface several classes implement can't be resolved; its more specific ones still can.
            if (_byInterface.Remove(face, out var other) && other.Type != type)
                _ambiguous[face] = $"Grain interface {face.Name} is implemented by both {other.Type.Name} and {type.Name}; ask for a more specific interface.";
            else if (!_ambiguous.ContainsKey(face))
                _byInterface[face] = grainClass;
        }
    }

    /// <summary>Every grain interface the manifest knows, for checks such as message immutability.</summary>
    public IEnumerable<Type> GrainInterfaces => _byInterface.Keys;

    internal GrainClass ForInterface(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var grainClass)
            ? grainClass
            : throw new InvalidOperationException(_ambiguous.GetValueOrDefault(grainInterface)
                ?? $"No grain class implements {grainInterface.Name}; add its assembly to the runtime.");

    internal static bool IsGrainInterface(Type type) =>
        type.IsInterface && typeof(IGrain).IsAssignableFrom(type) && type != typeof(IGrain)
        && type != typeof(IGrainWithStringKey) && type != typeof(IGrainWithGuidKey) && type != typeof(IGrainWithIntegerKey);
}
