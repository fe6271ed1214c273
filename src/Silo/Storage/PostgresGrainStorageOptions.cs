using System.ComponentModel.DataAnnotations;

namespace Mobilize.Silo.Storage;

public sealed class PostgresGrainStorageOptions
{
    public const string SectionName = "Storage:Postgres";

    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>Schema holding the table; created when missing. Plain lower-case identifier, since it is
    /// written into SQL text.</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string Schema { get; set; } = "mobilize";

    /// <summary>Most writes and clears committed in one transaction.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1024;
}
