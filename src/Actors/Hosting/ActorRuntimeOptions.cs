using System.ComponentModel.DataAnnotations;

namespace Mobilize.Actors.Hosting;

/// <summary>Runtime-wide settings; the same knobs Orleans has under SiloMessagingOptions and GrainCollectionOptions.</summary>
public sealed class ActorRuntimeOptions
{
    public const string SectionName = "Actors";

    /// <summary>How long a caller waits for an answer; also what ends a call cycle between non-reentrant grains.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle time after which an activation is collected, unless its class says otherwise.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often pending calls are checked against <see cref="ResponseTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ResponseTimeoutCheckPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A turn longer than this is counted as a long turn (a sign of blocking code in a grain).</summary>
    public TimeSpan LongTurnThreshold { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long shutdown waits for all grains to deactivate.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
