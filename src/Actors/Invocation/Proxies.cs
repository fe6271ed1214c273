using System.Collections.Concurrent;
using System.Reflection;
using Mobilize.Actors.Activation;

namespace Mobilize.Actors.Invocation;

/// <summary>Where a reference points: the grain's id and its class.</summary>
internal sealed class GrainAddress(GrainId id, GrainClass grainClass)
{
    public GrainId Id { get; } = id;

    public GrainClass Class { get; } = grainClass;

    /// <summary>The activation this reference reached last; tried first, which spares a catalog lookup per call.</summary>
    public ActivationData? Cached;
}

/// <summary>A grain reference: an address that turns interface calls into requests.</summary>
public class GrainReferenceProxy : DispatchProxy
{
    private GrainRuntime _runtime = null!;
    private GrainAddress _address = null!;

    internal GrainId GrainId => _address.Id;

    internal void Bind(GrainRuntime runtime, GrainAddress address)
    {
        _runtime = runtime;
        _address = address;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
            return targetMethod.Name switch
            {
                nameof(ToString) => _address.Id.ToString(),
                nameof(GetHashCode) => _address.Id.GetHashCode(),
                nameof(Equals) => args![0] is GrainReferenceProxy other && other._address.Id == _address.Id,
                _ => throw new NotSupportedException(targetMethod.Name),
            };
        return _runtime.Methods.Get(targetMethod).Send(_runtime, _address, args ?? []);
    }
}

internal sealed class GrainMethodCache
{
    private readonly ConcurrentDictionary<MethodInfo, GrainMethod> _methods = new();

    public GrainMethod Get(MethodInfo method) =>
        _methods.TryGetValue(method, out var known) ? known : _methods.GetOrAdd(method, GrainMethod.Create);
}

/// <summary>A reference to a local observer. Calls run on the thread pool, outside the calling grain's turn,
/// as Orleans delivers observer calls as messages.</summary>
public class ObserverReferenceProxy : DispatchProxy
{
    private IGrainObserver? _target;

    internal void Bind(IGrainObserver target) => _target = target;

    internal void Unbind() => _target = null;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var target = _target ?? throw new ObjectDisposedException("observer reference", "The observer reference was deleted.");
        if (targetMethod.ReturnType == typeof(void))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.method.Invoke(s.target, s.args), (method: targetMethod, target, args), preferLocal: false);
            return null;
        }
        return Task.Factory.StartNew(() => (Task)targetMethod.Invoke(target, args)!, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
    }

    internal static void EnsureSupported(Type observerInterface)
    {
        foreach (var method in observerInterface.GetMethods())
        {
            if (method.ReturnType != typeof(void) && method.ReturnType != typeof(Task))
                throw new NotSupportedException($"Observer method {observerInterface.Name}.{method.Name} must return void or Task.");
        }
    }
}
