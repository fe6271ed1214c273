using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Mobilize.TestKit.Processes;

/// <summary>One of the project's executables (<c>dotnet X.dll</c>) as a child process, for tests that must crash or stop
/// it the way an operating system would. What it writes is kept in memory and, when a log file is given, on disk, so a
/// failure can show what the process said.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter? _log;
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private ChildProcess(Process process, string name, StreamWriter? log)
    {
        _process = process;
        Name = name;
        _log = log;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The last lines written, for an assertion message that must stay readable.</summary>
    public string Tail(int lines = 40)
    {
        var all = Output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <param name="dll">A file name in the test's output folder, where project references copy the executables.</param>
    /// <param name="logFile">Where to keep the output too; its folder is created.</param>
    public static ChildProcess Start(string name, string dll, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, string? logFile = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, dll);
        if (!File.Exists(path)) throw new FileNotFoundException($"{dll} is not in the test output; reference its project.", path);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // The test host's own settings must not leak into the child (a test runner may set them).
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        StreamWriter? log = null;
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            log = new StreamWriter(logFile, append: true) { AutoFlush = true };
            log.WriteLine($"== {DateTimeOffset.UtcNow:O} dotnet {string.Join(' ', info.ArgumentList)}");
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"dotnet did not start {dll}");
        var child = new ChildProcess(process, name, log);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Completes when a line containing <paramref name="text"/> has been written (also if it already was); fails
    /// when the process exits first or <paramref name="within"/> passes.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan within)
    {
        TaskCompletionSource seen;
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal)) return;
            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((text, seen));
        }
        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(seen.Task, exited, Task.Delay(within));
        if (finished == seen.Task) return;
        if (finished == exited)
        {
            // The last lines may still be on their way through the pipe.
            await Task.Delay(200);
            if (seen.Task.IsCompleted) return;
            throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before writing '{text}':\n{Tail()}");
        }
        throw new TimeoutException($"{Name} did not write '{text}' within {within}:\n{Tail()}");
    }

    /// <summary>SIGKILL: no shutdown hooks run and nothing unflushed survives, as when a machine dies.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, what an orchestrator sends before it stops a machine: the host shuts down gracefully.</summary>
    public void Terminate()
    {
        if (_process.HasExited) return;
        if (SendSignal(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Whether the process ended within <paramref name="within"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_output) _log?.Dispose();
    }

    /// <summary>A port nobody listens on right now, for a child to bind.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            _log?.WriteLine(line);
            for (var i = _awaited.Count - 1; i >= 0; i--)
            {
                if (!line.Contains(_awaited[i].Text, StringComparison.Ordinal)) continue;
                _awaited[i].Seen.TrySetResult();
                _awaited.RemoveAt(i);
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
