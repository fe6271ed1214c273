using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mobilize.DrillRunner;

/// <summary>A Mobilize server the runner started itself: a free loopback port, a temporary data folder, the drill clock
/// rate; killed and cleaned up at the end. Also samples a server's CPU and memory from /proc.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private ServerProcess(Process process, string data, Uri url)
    {
        _process = process;
        _data = data;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    public string DataDirectory => _data;

    public static async Task<ServerProcess> StartAsync(string apiDll, double clockRate, IEnumerable<string> extra, CancellationToken cancellation)
    {
        var data = Path.Combine(Path.GetTempPath(), "mobilize-drill-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var url = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { apiDll, "--urls", url.ToString().TrimEnd('/'), "--data", data, "--clock-rate", clockRate.ToString(CultureInfo.InvariantCulture) }.Concat(extra))
            start.ArgumentList.Add(a);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("[server] " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, data, url);
        await WaitReady(url, process, cancellation);
        return server;
    }

    private static async Task WaitReady(Uri url, Process process, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited) throw new InvalidOperationException($"the server exited with code {process.ExitCode}");
            try
            {
                if ((await http.GetAsync("/health/ready", cancellation)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellation);
        }
        throw new TimeoutException("the server was not ready after 90 s");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}

/// <summary>CPU (share of one core, from utime + stime in /proc/PID/stat) and resident memory (VmRSS) every second.</summary>
internal sealed class ResourceSampler(int pid)
{
    private readonly List<(TimeSpan At, double CpuPercent, double RssMb)> _samples = [];

    public IReadOnlyList<(TimeSpan At, double CpuPercent, double RssMb)> Samples
    {
        get
        {
            lock (_samples) return [.. _samples];
        }
    }

    public (double CpuPercent, double RssMb)? Latest
    {
        get
        {
            lock (_samples) return _samples.Count == 0 ? null : (_samples[^1].CpuPercent, _samples[^1].RssMb);
        }
    }

    public async Task RunAsync(CancellationToken cancellation)
    {
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        var watch = Stopwatch.StartNew();
        var (lastCpu, lastAt) = (CpuTicks(), watch.Elapsed);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                var (cpu, at) = (CpuTicks(), watch.Elapsed);
                if (cpu < 0) return;
                var percent = (cpu - lastCpu) / ticksPerSecond / (at - lastAt).TotalSeconds * 100;
                lock (_samples) _samples.Add((at, percent, RssMb()));
                (lastCpu, lastAt) = (cpu, at);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private long CpuTicks()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private double RssMb()
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
