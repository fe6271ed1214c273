using System.Diagnostics.Metrics;

namespace Mobilize.Actors.Diagnostics;

/// <summary>The runtime's instruments, named after Orleans' own where one exists.</summary>
public sealed class ActorMeters : IDisposable
{
    public const string MeterName = "Mobilize.Actors";

    private readonly Meter _meter;

    public ActorMeters(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Activations = _meter.CreateUpDownCounter<long>("mobilize.actors.activations", description: "Live activations");
        ActivationsCreated = _meter.CreateCounter<long>("mobilize.actors.activations.created");
        ActivationFailures = _meter.CreateCounter<long>("mobilize.actors.activations.failed");
        Deactivations = _meter.CreateCounter<long>("mobilize.actors.deactivations");
        Calls = _meter.CreateCounter<long>("mobilize.actors.calls");
        CallDuration = _meter.CreateHistogram<double>("mobilize.actors.call.duration", unit: "ms");
        StorageDuration = _meter.CreateHistogram<double>("mobilize.actors.storage.duration", unit: "ms");
        LongTurns = _meter.CreateCounter<long>("mobilize.actors.turns.long");
        Timeouts = _meter.CreateCounter<long>("mobilize.actors.calls.timed_out");
    }

    public UpDownCounter<long> Activations { get; }
    public Counter<long> ActivationsCreated { get; }
    public Counter<long> ActivationFailures { get; }
    public Counter<long> Deactivations { get; }
    public Counter<long> Calls { get; }
    public Histogram<double> CallDuration { get; }
    public Histogram<double> StorageDuration { get; }
    public Counter<long> LongTurns { get; }
    public Counter<long> Timeouts { get; }

    public void Dispose() => _meter.Dispose();
}
