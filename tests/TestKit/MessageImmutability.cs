using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Orleans;
using Orleans.Runtime;

namespace Mobilize.TestKit;

/// <summary>Finds grain interface parameters and results that are not deeply immutable.</summary>
/// <remarks>Orleans passes <c>[Immutable]</c> arguments between grains of one silo by reference, without its deep
/// copy; that is only safe when neither side can change what the other holds, so the marking is checked here.</remarks>
public static class MessageImmutability
{
    private static readonly HashSet<Type> Atoms =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly),
        typeof(TimeSpan), typeof(Guid), typeof(Uri), typeof(GrainId), typeof(CancellationToken), typeof(Version),
        // Orleans' own [Immutable] address; its writable fields are caches of its hash codes and printed form.
        typeof(SiloAddress),
    ];

    private static readonly HashSet<Type> ImmutableGenerics =
    [
        typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableDictionary<,>), typeof(ImmutableHashSet<>),
        typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>), typeof(ImmutableQueue<>), typeof(ImmutableStack<>),
        typeof(Nullable<>), typeof(KeyValuePair<,>), typeof(IImmutableList<>), typeof(IImmutableDictionary<,>), typeof(IImmutableSet<>),
    ];

    private static readonly ConcurrentDictionary<Type, string?> Verdicts = new();

    /// <summary>One line per offending parameter or result, naming the member that makes it mutable.</summary>
    public static IReadOnlyList<string> Check(IEnumerable<Type> grainInterfaces)
    {
        var problems = new List<string>();
        foreach (var face in grainInterfaces)
        {
            foreach (var method in face.GetMethods().Concat(face.GetInterfaces().SelectMany(i => i.GetMethods())))
            {
                foreach (var parameter in method.GetParameters())
                    Report(problems, $"{face.Name}.{method.Name}({parameter.Name})", parameter.ParameterType);
                Report(problems, $"{face.Name}.{method.Name} result", Unwrap(method.ReturnType));
            }
        }
        return problems;
    }

    /// <summary>Null when <paramref name="type"/> is deeply immutable, else why not.</summary>
    public static string? WhyMutable(Type type) => WhyMutable(type, []);

    private static void Report(List<string> problems, string where, Type? type)
    {
        if (type is not null && WhyMutable(type) is { } why) problems.Add($"{where}: {why}");
    }

    private static Type? Unwrap(Type returnType)
    {
        if (returnType == typeof(Task) || returnType == typeof(ValueTask) || returnType == typeof(void)) return null;
        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            return returnType.GetGenericArguments()[0];
        return returnType;
    }

    private static string? WhyMutable(Type type, HashSet<Type> visiting)
    {
        if (Verdicts.TryGetValue(type, out var known)) return known;
        if (!visiting.Add(type)) return null; // a cycle is judged by its other members
        var verdict = Judge(type, visiting);
        visiting.Remove(type);
        Verdicts.TryAdd(type, verdict);
        return verdict;
    }

    private static string? Judge(Type type, HashSet<Type> visiting)
    {
        if (type.IsPrimitive || type.IsEnum || Atoms.Contains(type)) return null;
        if (type.IsGenericParameter) return null; // judged where the generic type is used with real arguments
        if (typeof(IAddressable).IsAssignableFrom(type) && type.IsInterface) return null; // a reference, not data
        if (type.IsArray) return $"{Name(type)} is an array";
        if (type.IsGenericType && ImmutableGenerics.Contains(type.GetGenericTypeDefinition()))
            return type.GetGenericArguments().Select(a => WhyMutable(a, visiting)).FirstOrDefault(w => w is not null);
        if (type.IsInterface || type == typeof(object)) return $"{Name(type)} may hold a mutable object";
        if (type.IsClass && !type.IsSealed && !type.IsAbstract) return $"{Name(type)} is not sealed";
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (!field.IsInitOnly) return $"{Name(type)}.{FieldName(field)} is writable";
            if (WhyMutable(field.FieldType, visiting) is { } inner) return $"{Name(type)}.{FieldName(field)}: {inner}";
        }
        if (type.IsAbstract)
        {
            foreach (var derived in type.Assembly.GetTypes().Where(t => t != type && type.IsAssignableFrom(t)))
                if (WhyMutable(derived, visiting) is { } inner) return inner;
        }
        return null;
    }

    private static string FieldName(FieldInfo field) =>
        field.Name.StartsWith('<') ? field.Name[1..field.Name.IndexOf('>')] : field.Name;

    private static string Name(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>" : type.Name;
}
