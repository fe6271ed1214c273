using System.ComponentModel.DataAnnotations;

namespace Mobilize.Silo.Storage;

/// <summary>How hard SQLite pushes each commit to the disk.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>fsync on every commit: an acknowledged write survives a power cut.</summary>
    Full,

    /// <summary>fsync at checkpoints only: survives a process crash, may lose the last commits on power loss.</summary>
    Normal,
}

public sealed class SqliteGrainStorageOptions : IValidatableObject
{
    public const string SectionName = "Storage:Sqlite";

    public const string DatabaseFileName = "mobilize.db";

    /// <summary>Folder holding <see cref="DatabaseFileName"/>; created when missing.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>A full SQLite connection string; takes precedence over <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>Most writes and clears committed in one transaction.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1024;

    /// <summary>Read connections kept open; more readers than this open and close their own.</summary>
    [Range(1, 1024)]
    public int ReadConnections { get; set; } = 8;

    /// <summary>How long a statement waits for a lock held by another process before failing.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(DataDirectory) && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("Set DataDirectory or ConnectionString.", [nameof(DataDirectory), nameof(ConnectionString)]);
    }
}
