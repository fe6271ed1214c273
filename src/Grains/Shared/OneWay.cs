using Microsoft.Extensions.Logging;

namespace Mobilize.Grains.Shared;

/// <summary>Sends a grain call without waiting for it.</summary>
/// <remarks>Used for every call that flows against the direction of waiting calls (incident → team, volunteer → team),
/// so two grains can never wait for each other. The call is queued at the target before the sender's turn ends, and
/// a grain handles its queue in order, so a later call to the same target still sees its effect.</remarks>
public static class OneWay
{
    public static void Send(Task call, ILogger logger, string what)
    {
        if (call.IsCompletedSuccessfully) return;
        call.ContinueWith(
            static (task, state) =>
            {
                var (log, message) = ((ILogger, string))state!;
                log.LogWarning(task.Exception?.GetBaseException(), "One-way call failed: {Call}", message);
            },
            (logger, what),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
