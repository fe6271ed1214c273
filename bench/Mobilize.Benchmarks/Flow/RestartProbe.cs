using System.Diagnostics;
using System.Net;

namespace Mobilize.Benchmarks.Flow;

/// <summary><c>flow-restart [teams] [members] [runs] [api-dll]</c>: stores a jurisdiction (5,000 teams × 20 = 100,000
/// volunteers by default) through the grains, stops the silo, then starts the real Api executable on that data folder
/// <paramref name="runs"/> times and times each from process start to the first 200 from <c>/health/ready</c>.</summary>
/// <remarks>Ready means storage open, the dispatch directory rebuilt from every stored team and open incidents woken:
/// what a command centre waits for after a crash or an upgrade.</remarks>
public static class RestartProbe
{
    public static void Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task RunAsync(string[] args)
    {
        var teams = args.Length > 0 ? int.Parse(args[0]) : 5_000;
        var members = args.Length > 1 ? int.Parse(args[1]) : 20;
        var runs = args.Length > 2 ? int.Parse(args[2]) : 3;
        var api = Path.GetFullPath(args.Length > 3 ? args[3] : "src/Api/bin/Release/net10.0/Mobilize.Api.dll");
        if (!File.Exists(api)) throw new FileNotFoundException("Build the Api first (dotnet build src/Api -c Release), or pass its dll.", api);
        Console.WriteLine($"load average before setup: {FlowWorld.LoadAverage()}");
        await using var world = await FlowWorld.StartAsync();
        await world.PopulateAsync(teams, members);
        await world.StopAsync();
        var bytes = new DirectoryInfo(world.DataDirectory).EnumerateFiles().Sum(f => f.Length);
        Console.WriteLine($"stored: {teams:N0} teams, {teams * members:N0} volunteers, {bytes / 1e6:F0} MB in {world.DataDirectory}");
        Console.WriteLine($"load average before measuring: {FlowWorld.LoadAverage()}");
        Console.WriteLine("| run | process start → ready | load avg |");
        Console.WriteLine("|---:|---:|---|");
        var times = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var elapsed = await StartUntilReady(api, world.DataDirectory);
            times.Add(elapsed.TotalSeconds);
            Console.WriteLine($"| {run} | {elapsed.TotalSeconds:F2} s | {FlowWorld.LoadAverage()} |");
        }
        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"median {median:F2} s (min {times[0]:F2}, max {times[^1]:F2}); target ≤ 10 s {(median <= 10 ? "met" : "NOT met")}");
    }

    private static async Task<TimeSpan> StartUntilReady(string api, string data)
    {
        var port = Silo.Hosting.FreePort.Loopback();
        var start = new ProcessStartInfo("dotnet", [api, "--urls", $"http://127.0.0.1:{port}", "--data", data])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (process.HasExited) throw new InvalidOperationException($"the Api exited with {process.ExitCode}");
                try
                {
                    if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return watch.Elapsed;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(20);
            }
            throw new TimeoutException("the Api was not ready within 2 minutes");
        }
        finally
        {
            // SIGTERM, so the next run opens a cleanly closed database, as after an orderly upgrade.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            await process.WaitForExitAsync();
        }
    }
}
