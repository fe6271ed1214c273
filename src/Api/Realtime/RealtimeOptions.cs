using System.ComponentModel.DataAnnotations;

namespace Mobilize.Api.Realtime;

public sealed class RealtimeOptions
{
    public const string SectionName = "Realtime";

    /// <summary>How long the bridge gathers events before pushing; longer saves messages, shorter saves latency.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>File descriptors kept for storage, REST requests and the runtime: the phones' WebSockets get the rest of
    /// the process's file limit (see <see cref="ConnectionLimit"/>).</summary>
    [Range(64, 1_000_000)]
    public int ReservedFileDescriptors { get; set; } = 1024;
}
