using Microsoft.Extensions.Logging;
using Mobilize.Grains.Hosting;
using Orleans;
using Orleans.Runtime;

namespace Mobilize.Silo.Hosting;

/// <summary>Deactivates a grain whose call failed because its store did: the grain may already have changed its state in
/// memory for a write that never reached the store, and must not answer from that state. Its next call reads the store
/// again, so what callers see is always what was stored.</summary>
internal sealed class StoreFailureDeactivation(ILogger<StoreFailureDeactivation> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (CausedByStore(exception))
        {
            Deactivate(context);
            throw;
        }
        if (context.Response?.Exception is { } failed && CausedByStore(failed)) Deactivate(context);
    }

    /// <remarks>Orleans wraps what a provider throws from a state write in an <see cref="OrleansException"/>.</remarks>
    private static bool CausedByStore(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is StoreUnavailableException) return true;
        return false;
    }

    private void Deactivate(IIncomingGrainCallContext context)
    {
        logger.LogWarning("Deactivating {Grain} after its store failed", context.TargetId.Type);
        context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "Its store failed; the state in memory may be ahead of the stored one."));
    }
}
