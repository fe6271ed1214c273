using System.Diagnostics.Metrics;

namespace Mobilize.Silo.Storage;

/// <summary>Instruments shared by every durable storage provider.</summary>
public static class StorageMetrics
{
    public const string MeterName = "Mobilize.Storage";

    public const string LatencyInstrument = "mobilize.storage.latency";

    // One process-wide meter: providers come and go (tests reopen them) but listeners subscribe once.
    private static readonly Meter Meter = new(MeterName);

    internal static readonly Histogram<double> Latency = Meter.CreateHistogram<double>(
        LatencyInstrument, unit: "ms", description: "Time a storage operation took, from the caller's call to its completion");

    internal static readonly Histogram<long> BatchSize = Meter.CreateHistogram<long>(
        "mobilize.storage.batch.size", unit: "{operation}", description: "Writes and clears committed in one transaction");

    internal static void RecordLatency(string provider, string operation, TimeSpan elapsed) =>
        Latency.Record(elapsed.TotalMilliseconds,
            new KeyValuePair<string, object?>("provider", provider),
            new KeyValuePair<string, object?>("operation", operation));
}
