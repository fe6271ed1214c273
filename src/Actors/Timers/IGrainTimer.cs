namespace Mobilize.Actors;

/// <summary>A timer owned by one activation. Its callback runs as a turn of that activation.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer; the next tick comes after <paramref name="dueTime"/>.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>The callback may interleave with requests instead of waiting for its own turn.</summary>
    public bool Interleave { get; init; }

    /// <summary>A tick counts as activity, so the timer keeps the grain from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
