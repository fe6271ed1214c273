using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mobilize.Api.Access;
using Mobilize.Grains.Shared;
using Mobilize.TestKit;

namespace Mobilize.Api.Tests.Infrastructure;

public enum TestStorage
{
    Sqlite,
    Postgres,
}

/// <summary>The real application in memory: real storage in a data folder (or a PostgreSQL schema) of its own, and a
/// manual clock so offer deadlines move only when a test says so. A restart keeps the data and the clock.</summary>
public sealed class MobilizeApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public MobilizeApp(TestStorage storage = TestStorage.Sqlite) : this(storage, NewDataDirectory(), NewSchema(), new ManualTimeProvider(Start))
    {
    }

    private MobilizeApp(TestStorage storage, string dataDirectory, string schema, ManualTimeProvider clock)
    {
        Storage = storage;
        DataDirectory = dataDirectory;
        Schema = schema;
        Clock = clock;
        _settings = new()
        {
            ["Silo:DataDirectory"] = dataDirectory,
            ["Silo:Storage"] = storage.ToString(),
            ["Silo:PostgresConnectionString"] = PostgresConnectionString,
            ["Silo:PostgresSchema"] = schema,
            // Tests build their worlds in bursts; the limiter has tests of its own that lower these.
            ["RateLimit:PermitsPerSecond"] = "1000000",
            ["RateLimit:Burst"] = "1000000",
        };
    }

    /// <summary>The application on a SQLite data folder that already holds data (one an earlier release wrote), its clock
    /// starting at <paramref name="now"/> so that stored deadlines are still ahead or already past, as the test needs.</summary>
    public static MobilizeApp OnExistingData(string dataDirectory, DateTimeOffset now) =>
        new(TestStorage.Sqlite, dataDirectory, NewSchema(), new ManualTimeProvider(now));

    /// <summary>A setting for this instance (and its restarts), applied when it starts.</summary>
    public MobilizeApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>A token signed by this instance's local issuer, valid for a year of the test clock.</summary>
    public string Token(TokenGrant grant) =>
        Services.GetRequiredService<TokenIssuer>().Issue(grant, TimeSpan.FromDays(365)).Token;

    /// <summary>A client signed in as <paramref name="grant"/>; <see cref="WebApplicationFactory{T}.CreateClient()"/> is the administrator.</summary>
    public HttpClient CreateClient(TokenGrant grant)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(grant));
        return client;
    }

    public HttpClient CreateVolunteerClient(string volunteerId) => CreateClient(new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create(volunteerId)));

    public HttpClient CreateCommanderClient(string organisationId) => CreateClient(new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(organisationId)));

    /// <summary>A client with no token at all.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        // With an external issuer this server mints nothing; those tests bring tokens of their own.
        if (!Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.UsesExternalIssuer)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(TokenGrant.Administrator));
    }

    /// <summary>A Monday morning in Beijing (08:00 CST); certificates and insurance in the tests are dated around it.</summary>
    public static readonly DateTimeOffset Start = new(2026, 7, 20, 0, 0, 0, TimeSpan.Zero);

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("MOBILIZE_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : "Host=127.0.0.1;Port=5432;Username=mobilize;Password=mobilize;Database=mobilize_test";

    public TestStorage Storage { get; }

    public string DataDirectory { get; }

    public string Schema { get; }

    public ManualTimeProvider Clock { get; }

    /// <summary>Stops this instance gracefully and starts a new one on the same data and clock.</summary>
    public async Task<MobilizeApp> RestartAsync()
    {
        await DisposeAsync();
        var next = new MobilizeApp(Storage, DataDirectory, Schema, Clock);
        foreach (var (key, value) in _settings) next._settings[key] = value;
        return next;
    }

    /// <summary>Counts journal rows for an idempotency key straight from the store, to show where the journal lives.</summary>
    public async Task<long> CountIdempotencyRecordsAsync(string key)
    {
        if (Storage == TestStorage.Postgres)
        {
            await using var connection = new Npgsql.NpgsqlConnection(PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM {Schema}.idempotency WHERE key = $1", connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = key });
            return (long)(await command.ExecuteScalarAsync())!;
        }
        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "mobilize.db")};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var query = sqlite.CreateCommand();
        query.CommandText = "SELECT count(*) FROM idempotency WHERE key = $key";
        query.Parameters.AddWithValue("$key", key);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    /// <summary>Stops the application and removes its data folder and PostgreSQL schema.</summary>
    public async Task DisposeAndDeleteStoreAsync()
    {
        await DisposeAsync();
        if (Storage == TestStorage.Postgres)
        {
            await using var connection = new Npgsql.NpgsqlConnection(PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
        Directory.Delete(DataDirectory, recursive: true);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    private static string NewDataDirectory() =>
        Directory.CreateTempSubdirectory("mobilize-api-tests-").FullName;

    // A schema per instance keeps PostgreSQL runs apart the way a data folder keeps SQLite runs apart.
    private static string NewSchema() => $"api_{Guid.NewGuid():N}"[..20];
}
