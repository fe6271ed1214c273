using System.Data.Common;
using Mobilize.Grains.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace Mobilize.Api.Infrastructure;

/// <summary>Failures a caller rides out by sending the same request again (with its idempotency key): nothing was
/// decided, and the runtime or the store is expected back. They answer 503 with <c>Retry-After</c>, never 500.</summary>
public static class TransientFailures
{
    public static bool Includes(Exception exception) => exception switch
    {
        TimeoutException => true,
        // The grain's store, or this node's own journal store, did not answer.
        StoreUnavailableException or DbException => true,
        // Another activation wrote first (a silo was lost and the grain came back elsewhere): the grain reloads.
        InconsistentStateException => true,
        // The silo holding the call died or refused it while stopping; the cluster places the grain again.
        SiloUnavailableException or OrleansMessageRejectionException => true,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Includes(aggregate.InnerExceptions[0]),
        OrleansException { InnerException: { } inner } => Includes(inner),
        _ => false,
    };
}
