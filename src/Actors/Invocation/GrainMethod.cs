using System.Linq.Expressions;
using System.Reflection;
using Mobilize.Actors.Activation;

namespace Mobilize.Actors.Invocation;

/// <summary>One grain interface method: its scheduling attributes and a compiled call into the grain.</summary>
internal abstract class GrainMethod
{
    protected GrainMethod(MethodInfo method)
    {
        Method = method;
        Name = $"{method.DeclaringType!.Name}.{method.Name}";
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: true);
        IsReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
        IsOneWay = method.IsDefined(typeof(OneWayAttribute), inherit: true);
        var parameters = method.GetParameters();
        CancellationTokenIndex = Array.FindIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
    }

    public MethodInfo Method { get; }
    public string Name { get; }
    public bool AlwaysInterleave { get; }
    public bool IsReadOnly { get; }
    public bool IsOneWay { get; }
    public int CancellationTokenIndex { get; }

    /// <summary>Starts the call through the runtime and returns what the proxy hands to the caller.</summary>
    public abstract object Send(GrainRuntime runtime, GrainAddress target, object?[] args);

    public static GrainMethod Create(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (method.IsDefined(typeof(OneWayAttribute), inherit: true) && returnType != typeof(Task) && returnType != typeof(ValueTask))
            throw new InvalidOperationException($"One-way grain method {method.DeclaringType?.Name}.{method.Name} must return Task or ValueTask: nobody waits for a result.");
        if (returnType == typeof(Task)) return new TaskMethod(method);
        if (returnType == typeof(ValueTask)) return new ValueTaskMethod(method);
        if (returnType.IsGenericType)
        {
            var definition = returnType.GetGenericTypeDefinition();
            var result = returnType.GetGenericArguments()[0];
            if (definition == typeof(Task<>))
                return (GrainMethod)Activator.CreateInstance(typeof(TaskMethod<>).MakeGenericType(result), method)!;
            if (definition == typeof(ValueTask<>))
                return (GrainMethod)Activator.CreateInstance(typeof(ValueTaskMethod<>).MakeGenericType(result), method)!;
        }
        throw new InvalidOperationException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>.");
    }

    /// <summary>Compiles (grain, args) => ((IFace)grain).Method((T0)args[0], …), converted to <typeparamref name="TDelegateResult"/>.</summary>
    protected static Func<object, object?[], TDelegateResult> Compile<TDelegateResult>(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters();
        var arguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
            arguments[i] = Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), parameters[i].ParameterType);
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, arguments);
        if (call.Type != typeof(TDelegateResult))
            call = Expression.Convert(call, typeof(TDelegateResult));
        return Expression.Lambda<Func<object, object?[], TDelegateResult>>(call, grain, args).Compile();
    }
}

internal sealed class TaskMethod<TResult>(MethodInfo method) : GrainMethod(method)
{
    private readonly Func<object, object?[], Task<TResult>> _invoke = Compile<Task<TResult>>(method);

    public override object Send(GrainRuntime runtime, GrainAddress target, object?[] args)
    {
        var request = new Request<TResult>(this, _invoke, args);
        runtime.Send(target, request);
        return request.Task;
    }
}

internal sealed class ValueTaskMethod<TResult>(MethodInfo method) : GrainMethod(method)
{
    private readonly Func<object, object?[], Task<TResult>> _invoke = Wrap(Compile<ValueTask<TResult>>(method));

    private static Func<object, object?[], Task<TResult>> Wrap(Func<object, object?[], ValueTask<TResult>> call) =>
        (grain, args) => call(grain, args).AsTask();

    public override object Send(GrainRuntime runtime, GrainAddress target, object?[] args)
    {
        var request = new Request<TResult>(this, _invoke, args);
        runtime.Send(target, request);
        return new ValueTask<TResult>(request.Task);
    }
}

internal sealed class TaskMethod(MethodInfo method) : GrainMethod(method)
{
    private readonly Func<object, object?[], Task<bool>> _invoke = Wrap(Compile<Task>(method));

    private static Func<object, object?[], Task<bool>> Wrap(Func<object, object?[], Task> call) =>
        (grain, args) => Completed(call(grain, args));

    public override object Send(GrainRuntime runtime, GrainAddress target, object?[] args)
    {
        if (IsOneWay)
        {
            runtime.Send(target, new OneWayRequest(this, _invoke, args));
            return Task.CompletedTask;
        }
        var request = new Request<bool>(this, _invoke, args);
        runtime.Send(target, request);
        return request.Task;
    }

    internal static Task<bool> Completed(Task task)
    {
        if (task.IsCompletedSuccessfully) return CompletedTrue;
        return Await(task);

        static async Task<bool> Await(Task task)
        {
            await task;
            return true;
        }
    }

    private static readonly Task<bool> CompletedTrue = Task.FromResult(true);
}

internal sealed class ValueTaskMethod(MethodInfo method) : GrainMethod(method)
{
    private readonly Func<object, object?[], Task<bool>> _invoke = Wrap(Compile<ValueTask>(method));

    private static Func<object, object?[], Task<bool>> Wrap(Func<object, object?[], ValueTask> call) =>
        (grain, args) => TaskMethod.Completed(call(grain, args).AsTask());

    public override object Send(GrainRuntime runtime, GrainAddress target, object?[] args)
    {
        if (IsOneWay)
        {
            runtime.Send(target, new OneWayRequest(this, _invoke, args));
            return default(ValueTask);
        }
        var request = new Request<bool>(this, _invoke, args);
        runtime.Send(target, request);
        return new ValueTask(request.Task);
    }
}
