using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mobilize.TestKit.Processes;
using Npgsql;

namespace Mobilize.TestKit.Cluster;

/// <summary>A cluster of real processes on loopback, as <c>tools/cluster/start.sh</c> runs one: silos on Redis membership
/// and PostgreSQL state, Api nodes as Orleans clients in front of them. Each instance has a PostgreSQL schema and an
/// Orleans cluster id of its own, so test classes and earlier runs never see each other.</summary>
/// <remarks>Every slot keeps its ports for the life of the instance: a silo restarted on its old address marks its
/// former self dead in the membership table at once instead of waiting for the others to vote.</remarks>
public sealed class LocalCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _root;
    private readonly List<SiloSlot> _silos = [];
    private readonly List<ApiSlot> _apis = [];
    private readonly IReadOnlyList<string> _extraArguments;

    private LocalCluster(string name, IReadOnlyList<string> extraArguments)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        Name = name;
        ClusterId = $"test-{id}";
        Schema = $"cluster_{id}";
        SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _root = Directory.CreateTempSubdirectory($"mobilize-cluster-{id}-").FullName;
        LogDirectory = Path.Combine(AppContext.BaseDirectory, "cluster-logs", $"{name}-{id}");
        _extraArguments = extraArguments;
    }

    public string Name { get; }

    public string ClusterId { get; }

    public string Schema { get; }

    public string SigningKey { get; }

    /// <summary>One log file per process start, kept after the run (under the test output folder) for post-mortems.</summary>
    public string LogDirectory { get; }

    public IReadOnlyList<SiloSlot> Silos => _silos;

    public IReadOnlyList<ApiSlot> Apis => _apis;

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("MOBILIZE_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : "Host=127.0.0.1;Port=5432;Username=mobilize;Password=mobilize;Database=mobilize_test";

    /// <summary>Starts <paramref name="silos"/> silos and <paramref name="apis"/> Api nodes and waits until every Api node
    /// is ready and sees every silo active.</summary>
    /// <param name="extraArguments">Configuration for every process, e.g. membership tuning.</param>
    public static async Task<LocalCluster> StartAsync(string name, int silos = 3, int apis = 2, IReadOnlyList<string>? extraArguments = null)
    {
        await Redis.PingAsync();
        var cluster = new LocalCluster(name, extraArguments ?? []);
        try
        {
            for (var i = 0; i < silos; i++) cluster._silos.Add(new SiloSlot(i + 1, ChildProcess.FreePort(), ChildProcess.FreePort()));
            for (var i = 0; i < apis; i++)
                cluster._apis.Add(new ApiSlot(i + 1, ChildProcess.FreePort(), Directory.CreateDirectory(Path.Combine(cluster._root, $"api{i + 1}")).FullName));
            await cluster.StartAllAsync(firstAlone: true);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>On a fresh schema the first silo alone creates the tables (two creating them at once would collide);
    /// on a restart all start together, so that each marks its own former self dead and none waits on the others'.</summary>
    /// <remarks>Api nodes start beside the silos: they keep trying until a gateway answers, and their own start-up is
    /// most of a cluster's.</remarks>
    private async Task StartAllAsync(bool firstAlone)
    {
        if (firstAlone) await StartSiloAsync(1);
        await Task.WhenAll(_silos.Skip(firstAlone ? 1 : 0).Select(s => StartSiloAsync(s.Number))
            .Concat(_apis.Select(a => StartApiAsync(a.Number))));
        await WaitForActiveSilosAsync(_silos.Count, StartTimeout);
    }

    public SiloSlot Silo(int number) => _silos[number - 1];

    public ApiSlot Api(int number) => _apis[number - 1];

    /// <summary>Starts (or restarts) a silo slot and waits for it to report that recovery is done.</summary>
    public async Task StartSiloAsync(int number)
    {
        var slot = Silo(number);
        if (slot.Process is { HasExited: false }) throw new InvalidOperationException($"silo {number} is running");
        if (slot.Process is not null) await slot.Process.DisposeAsync();
        slot.Process = ChildProcess.Start($"silo{number}", "Mobilize.Silo.dll",
            [
                .. StorageArguments(),
                $"--Silo:SiloPort={slot.SiloPort}", $"--Silo:GatewayPort={slot.GatewayPort}",
                .. _extraArguments,
            ],
            _root, ChildEnvironment(), Path.Combine(LogDirectory, $"silo{number}.log"));
        await slot.Process.WaitForOutputAsync("Silo ready", StartTimeout);
    }

    /// <summary>Adds a silo slot with ports of its own and starts it.</summary>
    public async Task<SiloSlot> AddSiloAsync()
    {
        var slot = new SiloSlot(_silos.Count + 1, ChildProcess.FreePort(), ChildProcess.FreePort());
        _silos.Add(slot);
        await StartSiloAsync(slot.Number);
        return slot;
    }

    public async Task StartApiAsync(int number)
    {
        var slot = Api(number);
        if (slot.Process is { HasExited: false }) throw new InvalidOperationException($"api {number} is running");
        if (slot.Process is not null) await slot.Process.DisposeAsync();
        slot.Process = ChildProcess.Start($"api{number}", "Mobilize.Api.dll",
            [
                "--urls", slot.Address.ToString().TrimEnd('/'), "--data", slot.DataDirectory,
                "--Api:Silo=Remote", $"--Auth:SigningKey={SigningKey}",
                // The tests are many phones behind one loopback address; the limiter has tests of its own.
                "--RateLimit:PermitsPerSecond=1000000", "--RateLimit:Burst=1000000",
                .. StorageArguments(),
                .. _extraArguments,
            ],
            slot.DataDirectory, ChildEnvironment(), Path.Combine(LogDirectory, $"api{number}.log"));
        await WaitReadyAsync(slot, StartTimeout);
    }

    /// <summary>Each process opens a pool per store (grain state, reminders, journal) of up to 100 connections by
    /// default; five processes in a burst, beside the other suites' servers, would exhaust PostgreSQL's 100 slots.
    /// Capped, a cluster holds at most 33 (3 silos × 3 pools × 3, 2 Api nodes × 3); group commit needs few, and a
    /// request waits for a connection rather than fail.</summary>
    private const string PoolLimit = ";Maximum Pool Size=3";

    private IEnumerable<string> StorageArguments() =>
    [
        "--Silo:Storage=Postgres", $"--Silo:PostgresConnectionString={PostgresConnectionString}{PoolLimit}", $"--Silo:PostgresSchema={Schema}",
        $"--Cluster:Redis={Redis.Address}", $"--Silo:ClusterId={ClusterId}", "--Silo:ServiceId=mobilize-test",
    ];

    private static Dictionary<string, string> ChildEnvironment() => new()
    {
        // Warnings from the frameworks, the project's own start-up lines (among them "Silo ready"), with times to read
        // a failover from the logs.
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Mobilize"] = "Information",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
    };

    private static async Task WaitReadyAsync(ApiSlot slot, TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = slot.Address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < within)
        {
            if (slot.Process!.HasExited) throw new InvalidOperationException($"api {slot.Number} exited with {slot.Process.ExitCode}:\n{slot.Process.Tail()}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"api {slot.Number} was not ready within {within}:\n{slot.Process!.Tail()}");
    }

    /// <summary>Polls <c>/health/cluster</c> on every running Api node until each reports exactly <paramref name="active"/>
    /// active silos.</summary>
    public async Task WaitForActiveSilosAsync(int active, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        string last = "";
        while (watch.Elapsed < within)
        {
            var seen = new List<int>();
            foreach (var api in _apis.Where(a => a.IsRunning))
            {
                try
                {
                    using var client = AdministratorClient(api, TimeSpan.FromSeconds(5));
                    var report = JsonNode.Parse(await client.GetStringAsync("/health/cluster"))!;
                    last = report.ToJsonString();
                    seen.Add((int)report["active"]!);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    seen.Add(-1);
                }
            }
            if (seen.Count > 0 && seen.All(n => n == active)) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"The Api nodes did not see {active} active silos within {within}; last report {last}\n{Diagnostics()}");
    }

    /// <summary>SIGKILL, as when the machine under a silo dies.</summary>
    public void KillSilo(int number) => Silo(number).Process!.Kill();

    /// <summary>SIGTERM, and how long the silo took to leave; fails if it does not exit cleanly.</summary>
    public async Task<TimeSpan> DrainSiloAsync(int number, TimeSpan within)
    {
        var process = Silo(number).Process!;
        var watch = Stopwatch.StartNew();
        process.Terminate();
        if (!await process.WaitForExitAsync(within))
            throw new TimeoutException($"silo {number} did not stop within {within} of SIGTERM:\n{process.Tail()}");
        if (process.ExitCode != 0) throw new InvalidOperationException($"silo {number} exited with {process.ExitCode} after SIGTERM:\n{process.Tail()}");
        return watch.Elapsed;
    }

    public void KillApi(int number) => Api(number).Process!.Kill();

    /// <summary>Every process killed at once, then the whole cluster started again on the same store and ports.</summary>
    public async Task KillAndRestartAllAsync()
    {
        foreach (var process in _apis.Select(a => a.Process).Concat(_silos.Select(s => s.Process)))
            process?.Kill();
        await StartAllAsync(firstAlone: false);
    }

    /// <summary>An administrator's client on an Api node, with the token that node wrote at its start (every node signs
    /// with the same key, so it is good on the others too).</summary>
    public static HttpClient AdministratorClient(ApiSlot api, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = api.Address,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.AdministratorToken());
        return client;
    }

    /// <summary>The last lines of every process, for a failure message.</summary>
    public string Diagnostics() =>
        string.Join("\n", _silos.Select(s => (s.Process, $"silo {s.Number}")).Concat(_apis.Select(a => (a.Process, $"api {a.Number}")))
            .Where(p => p.Process is not null)
            .Select(p => $"--- {p.Item2} ({(p.Process!.HasExited ? $"exited {p.Process.ExitCode}" : "running")}):\n{p.Process.Tail(15)}"))
        + $"\n(full logs in {LogDirectory})";

    public async ValueTask DisposeAsync()
    {
        // Always, even after a failed assertion: no process may outlive the test class.
        await Task.WhenAll(_apis.Select(a => a.Process).Concat(_silos.Select(s => s.Process))
            .Where(p => p is not null).Select(p => p!.DisposeAsync().AsTask()));
        try
        {
            await using var connection = new NpgsqlConnection(PostgresConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
            await Redis.DeleteKeysContainingAsync(ClusterId);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

public sealed class SiloSlot(int number, int siloPort, int gatewayPort)
{
    public int Number { get; } = number;

    public int SiloPort { get; } = siloPort;

    public int GatewayPort { get; } = gatewayPort;

    internal ChildProcess? Process { get; set; }

    public bool IsRunning => Process is { HasExited: false };

    public int? ProcessId => Process?.Id;
}

public sealed class ApiSlot(int number, int port, string dataDirectory)
{
    public int Number { get; } = number;

    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public string DataDirectory { get; } = dataDirectory;

    internal ChildProcess? Process { get; set; }

    public bool IsRunning => Process is { HasExited: false };

    public string AdministratorToken() => File.ReadAllText(Path.Combine(DataDirectory, "administrator.token")).Trim();
}
