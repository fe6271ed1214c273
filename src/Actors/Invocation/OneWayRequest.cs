using Microsoft.Extensions.Logging;

namespace Mobilize.Actors.Invocation;

/// <summary>A <see cref="OneWayAttribute"/> call: nobody waits for it, so it carries no completion source, never times
/// out (there is no caller to fail) and logs its own failure.</summary>
internal sealed class OneWayRequest(GrainMethod method, Func<object, object?[], Task<bool>> call, object?[] args) : Request
{
    private volatile bool _done;

    public override string Name => method.Name;

    public override bool AlwaysInterleave => method.AlwaysInterleave;

    public override bool IsReadOnly => method.IsReadOnly;

    public override bool IsCompleted => _done;

    public override bool AwaitsResponse => false;

    public override Task RunAsync(object grain)
    {
        Task<bool> running;
        try
        {
            running = call(grain, args);
        }
        catch (Exception exception)
        {
            Failed(exception);
            return Task.CompletedTask;
        }
        if (running.IsCompletedSuccessfully)
        {
            _done = true;
            return Task.CompletedTask;
        }
        return AwaitAsync(running);
    }

    private async Task AwaitAsync(Task<bool> running)
    {
        try
        {
            await running;
            _done = true;
        }
        catch (Exception exception)
        {
            Failed(exception);
        }
    }

    private void Failed(Exception exception)
    {
        _done = true;
        Target?.Logger.LogWarning(exception, "One-way call {Method} on {GrainId} failed", Name, Target.GrainId);
    }

    public override bool TryFail(Exception exception) => false;
}
