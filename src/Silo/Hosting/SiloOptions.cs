using System.ComponentModel.DataAnnotations;
using Mobilize.Silo.Storage;

namespace Mobilize.Silo.Hosting;

/// <summary>Where the silo keeps its grain state.</summary>
public enum SiloStorage
{
    /// <summary>One embedded SQLite file in <see cref="SiloOptions.DataDirectory"/>: nothing to install.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database: the production store.</summary>
    Postgres,
}

/// <summary>The silo's own settings: which store, and where it is.</summary>
public sealed class SiloOptions : IValidatableObject
{
    public const string SectionName = "Silo";

    /// <summary>Holds the SQLite database; <c>--data DIR</c> on the command line sets it.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    public SiloStorage Storage { get; set; } = SiloStorage.Sqlite;

    /// <summary>The loopback port for silo-to-silo traffic; 0 takes a free one, as the embedded default has no peers.</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; }

    /// <summary>The port Orleans clients connect to; 0 opens no gateway (the co-hosted Api needs none).</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>The address other silos and clients reach this silo at, in a cluster; loopback for one machine.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>This silo's name in membership and on the dashboard; the machine's name when empty.</summary>
    public string? Name { get; set; }

    /// <summary>Orleans' cluster id: silos and clients with the same one form one cluster.</summary>
    [Required]
    public string ClusterId { get; set; } = "mobilize";

    /// <summary>Orleans' service id: stays the same across deployments of one service, so stored state carries over.</summary>
    [Required]
    public string ServiceId { get; set; } = "mobilize";

    /// <summary>Required when <see cref="Storage"/> is <see cref="SiloStorage.Postgres"/>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>PostgreSQL schema for every table the silo owns; lets several deployments (or test classes) share a database.</summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string PostgresSchema { get; set; } = "mobilize";

    /// <summary>FULL by default: an answer the system acknowledged must survive a power cut, not only a crash.</summary>
    public SqliteSynchronousMode SqliteSynchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>How long a first response is kept for retries of its <c>Idempotency-Key</c>; phones retry within
    /// minutes, and a day covers a client that was offline overnight.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often records older than <see cref="IdempotencyRetention"/> are purged; they may live this much longer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdempotencyPurgeInterval { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Storage))
            yield return new ValidationResult("Storage must be Sqlite or Postgres.", [nameof(Storage)]);
        if (Storage == SiloStorage.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
            yield return new ValidationResult("PostgresConnectionString is required when Storage is Postgres.", [nameof(PostgresConnectionString)]);
        if (!System.Net.IPAddress.TryParse(AdvertisedAddress, out _))
            yield return new ValidationResult("AdvertisedAddress must be an IP address.", [nameof(AdvertisedAddress)]);
        if (Storage == SiloStorage.Sqlite && string.IsNullOrWhiteSpace(DataDirectory))
            yield return new ValidationResult("DataDirectory is required when Storage is Sqlite.", [nameof(DataDirectory)]);
    }
}
