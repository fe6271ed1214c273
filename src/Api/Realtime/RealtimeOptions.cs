using System.ComponentModel.DataAnnotations;

namespace Mobilize.Api.Realtime;

public sealed class RealtimeOptions
{
    public const string SectionName = "Realtime";

    /// <summary>How long the bridge gathers events before pushing; longer saves messages, shorter saves latency.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(25);
}
