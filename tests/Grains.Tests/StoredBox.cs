using Mobilize.Actors;

namespace Mobilize.Grains.Tests;

/// <summary>A grain state read from or written to storage directly, as a crash or an earlier version would leave it.</summary>
internal sealed class StoredBox<T> : IGrainState<T>
{
    public T State { get; set; } = default!;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
