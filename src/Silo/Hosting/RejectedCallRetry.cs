using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Mobilize.Silo.Hosting;

/// <summary>Sends a grain call again, after a short pause, when a silo refused it without running it: a silo that is
/// draining answers "Silo stopping" to each request that reaches it after it stopped taking work, and the grain comes
/// up on another silo at the next attempt. Without this, every request in that window of a graceful stop fails.</summary>
/// <remarks>Only refusals are retried, never <see cref="SiloUnavailableException"/> (a silo that died with the call in
/// flight may have run it), nor calls to clients' observers (a node that is gone does not come back in seconds).</remarks>
internal sealed class RejectedCallRetry(ILogger<RejectedCallRetry> logger) : IOutgoingGrainCallFilter
{
    /// <summary>About 2.5 s in all: longer than a drain's hand-over of one grain, shorter than a client's patience.</summary>
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300),
        TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(1400)];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            var retry = attempt < Pauses.Length && !GrainTypePrefix.IsClient(context.TargetId);
            try
            {
                await context.Invoke();
                if (!retry || !IsRefusal(context.Response?.Exception)) return;
            }
            catch (OrleansMessageRejectionException exception) when (retry && IsRefusal(exception))
            {
            }
            logger.LogDebug("Call to {Target} refused; sending it again", context.TargetId);
            await Task.Delay(Pauses[attempt], TimeProvider.System);
        }
    }

    private static bool IsRefusal(Exception? exception) => exception is OrleansMessageRejectionException and not SiloUnavailableException;
}
