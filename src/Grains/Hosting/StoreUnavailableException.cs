namespace Mobilize.Grains.Hosting;

/// <summary>The store did not answer or refused (connection lost, table missing, disk full): nothing was read or
/// written, and the same call may succeed later. The providers raise this instead of their drivers' exceptions, which
/// an Orleans client has no codec for and which would reach a caller as an unexplained failure.</summary>
[GenerateSerializer]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message) : base(message)
    {
    }

    /// <remarks>The driver's exception stays in the process that saw it (logged there), never sent across.</remarks>
    public StoreUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
