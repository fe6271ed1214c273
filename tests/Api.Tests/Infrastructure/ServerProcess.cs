using System.Diagnostics;
using System.Net;
using Mobilize.TestKit.Processes;

namespace Mobilize.Api.Tests.Infrastructure;

/// <summary>The real executable as a child process on loopback, for tests that must kill it.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ServerProcess(ChildProcess process, Uri address, string dataDirectory)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
    }

    public Uri Address { get; }

    public string DataDirectory { get; }

    /// <summary>What the server wrote, for failure messages.</summary>
    public string Output => _process.Output;

    public static ServerProcess Start(string dataDirectory, int port) =>
        Start(dataDirectory, port, ["--RateLimit:PermitsPerSecond", "1000000", "--RateLimit:Burst", "1000000"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });

    /// <summary>With the arguments and environment a test chooses (e.g. the README's own command line, no raised limits).</summary>
    public static ServerProcess Start(string dataDirectory, int port, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{port}");
        var process = ChildProcess.Start("api", "Mobilize.Api.dll",
            ["--urls", address.ToString().TrimEnd('/'), "--data", dataDirectory, .. arguments], dataDirectory, environment);
        return new ServerProcess(process, address, dataDirectory);
    }

    public static int FreePort() => ChildProcess.FreePort();

    /// <summary>Signed in with the administrator token the server wrote at start, once it has written one.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var tokenFile = Path.Combine(DataDirectory, "administrator.token");
        if (File.Exists(tokenFile))
            client.DefaultRequestHeaders.Authorization = new("Bearer", File.ReadAllText(tokenFile).Trim());
        return client;
    }

    /// <summary>Polls readiness (a real process gives no other signal), bounded so a broken start fails the test.</summary>
    public async Task WaitReadyAsync(TimeSpan? within = null)
    {
        using var client = CreateClient();
        var deadline = Stopwatch.StartNew();
        var limit = within ?? TimeSpan.FromSeconds(60);
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The server was not ready within {limit}:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush; whatever was not committed is lost.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM: the host stops gracefully.</summary>
    public void Terminate() => _process.Terminate();

    public Task<bool> WaitForExitAsync(TimeSpan within) => _process.WaitForExitAsync(within);

    public int ExitCode => _process.ExitCode;

    public Task WaitForOutputAsync(string text, TimeSpan within) => _process.WaitForOutputAsync(text, within);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
