using System.Globalization;
using System.Text;
using System.Text.Json;
using Mobilize.Drills.Geography;
using Mobilize.Drills.Jurisdictions;
using Mobilize.Drills.Running;
using Mobilize.Drills.Scenarios;
using Spectre.Console;

namespace Mobilize.DrillRunner;

internal static class DrillCommand
{
    public static async Task<int> RunAsync(Scenario scenario, RunSettings run, CancellationToken cancellation)
    {
        if ((run.ApiDll is null) == (run.Url is null)) throw new ArgumentException("give exactly one of --api PATH/Mobilize.Api.dll or --url http://127.0.0.1:PORT");
        var interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null or "" or "false";
        var map = DistrictMap.Load(scenario.City);
        var jurisdiction = run.JurisdictionFile is { } file
            ? await Jurisdiction.LoadAsync(file, cancellation)
            : JurisdictionGenerator.Generate(new JurisdictionSpec(scenario.City, scenario.Teams, scenario.MembersPerTeam, run.Seed, "drill",
                [.. scenario.Plans.SelectMany(p => p.Requirements.Select(r => r.Capability)).Distinct()]), map);
        Console.WriteLine($"scenario {scenario.Name}: {jurisdiction.Teams.Length:N0} teams, {jurisdiction.VolunteerCount:N0} volunteers in {jurisdiction.Districts.Length} districts of {scenario.City}; " +
                          $"duration {scenario.Duration}, time scale {run.TimeScale}, seed {run.Seed}; load average {LoadAverage()}");

        ServerProcess? server = null;
        try
        {
            // The command centre's own bucket registers tens of thousands of people in minutes; phones keep their own.
            if (run.ApiDll is { } dll)
                server = await ServerProcess.StartAsync(dll, run.TimeScale, ["--RateLimit:PermitsPerSecond", "1000000", "--RateLimit:Burst", "1000000"], cancellation);
            var url = server?.Url ?? new Uri(run.Url!);
            if (!MobilizeClient.IsLoopback(url)) throw new ArgumentException($"--url must be a loopback address, not {url.Host}");
            var pid = server?.Pid ?? run.ServerPid;
            Console.WriteLine($"server {url}" + (pid is { } p ? $" (pid {p})" : ""));
            var sampler = pid is { } id ? new ResourceSampler(id) : null;
            // The runner's own share of the two cores, to tell a slow server from a starved simulator.
            var self = new ResourceSampler(Environment.ProcessId);
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var samplingTask = Task.WhenAll(sampler?.RunAsync(sampling.Token) ?? Task.CompletedTask, self.RunAsync(sampling.Token));

            var token = server is not null ? await MobilizeClient.AdministratorTokenAsync(server.DataDirectory, cancellation) : run.Token;
            var options = new DrillOptions(url, token, run.Seed, run.RunTag, run.TimeScale, run.HubPhones, run.LongPollPhones, run.PollInterval);
            var engine = new DrillEngine(options, scenario, jurisdiction, map);
            var drill = engine.RunAsync(cancellation);
            if (interactive) await LiveView.ShowAsync(engine, sampler, jurisdiction.Teams.Length, drill);
            else await LiveView.LogAsync(engine, sampler, jurisdiction.Teams.Length, drill);
            var result = await drill;
            await sampling.CancelAsync();
            await samplingTask;
            await Write(run, scenario, result, engine, sampler, self);
            if (engine.Report is { } report && result.ExerciseId is { } exercise)
            {
                await File.WriteAllTextAsync(Path.Combine(run.Output, "after-action-report.json"), report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellation);
                using var admin = MobilizeClient.Create(url, token);
                await File.WriteAllTextAsync(Path.Combine(run.Output, "after-action-report.html"),
                    await admin.Http.GetStringAsync($"/api/exercises/{exercise}/report.html", cancellation), cancellation);
                Console.WriteLine($"exercise {exercise}: after-action report in {Path.Combine(run.Output, "after-action-report.html")}");
            }
            return 0;
        }
        finally
        {
            if (server is not null) await server.DisposeAsync();
        }
    }

    private static async Task Write(RunSettings run, Scenario scenario, DrillResult result, DrillEngine engine, ResourceSampler? sampler, ResourceSampler self)
    {
        var runnerSamples = self.Samples.Where(s => s.At >= result.SetupWall).ToArray();
        Directory.CreateDirectory(run.Output);
        var samples = sampler?.Samples ?? [];
        var runSamples = samples.Where(s => s.At >= result.SetupWall).ToArray();
        var resources = runSamples.Length == 0 ? null : new
        {
            cpuPercentMedian = Median(runSamples.Select(s => s.CpuPercent)),
            cpuPercentMax = runSamples.Max(s => s.CpuPercent),
            rssMbMedian = Median(runSamples.Select(s => s.RssMb)),
            rssMbMax = runSamples.Max(s => s.RssMb),
            setupCpuPercentMedian = Median(samples.Where(s => s.At < result.SetupWall).Select(s => s.CpuPercent)),
            runnerCpuPercentMedian = Median(runnerSamples.Select(s => s.CpuPercent)),
            runnerRssMbMax = runnerSamples.Select(s => s.RssMb).DefaultIfEmpty().Max(),
        };
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        await File.WriteAllTextAsync(Path.Combine(run.Output, "result.json"), JsonSerializer.Serialize(new { result, serverResources = resources, loadAverage = LoadAverage() }, json));
        var csv = new StringBuilder("id,type,district,needed,filled,status,offersRecordedWallS,firstOfferHeardWallS,timeToFillS\n");
        foreach (var t in engine.Metrics.Incidents)
            csv.AppendLine(string.Join(',', t.Id, t.Type, t.District, t.Needed, t.Filled, t.Status, S(t.OffersRecorded), S(t.FirstOfferHeard), S(t.TimeToFill)));
        await File.WriteAllTextAsync(Path.Combine(run.Output, "incidents.csv"), csv.ToString());
        await File.WriteAllTextAsync(Path.Combine(run.Output, "server-resources.csv"),
            "wallSeconds,cpuPercent,rssMb\n" + string.Join('\n', samples.Select(s => FormattableString.Invariant($"{s.At.TotalSeconds:F0},{s.CpuPercent:F0},{s.RssMb:F0}"))));
        var c = result.Counts;
        var summary = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Drill: {scenario.Name}")
            .AppendLine(CultureInfo.InvariantCulture, $"- {result.Teams:N0} teams, {result.Volunteers:N0} volunteers; phones {string.Join(", ", result.Transports.Select(kv => $"{kv.Key} {kv.Value:N0}"))}")
            .AppendLine(CultureInfo.InvariantCulture, $"- seed {result.Seed}, time scale {result.TimeScale}; setup {result.SetupWall.TotalSeconds:F0} s, run {result.RunWall.TotalSeconds:F0} s (wall)")
            .AppendLine(CultureInfo.InvariantCulture, $"- incidents {c.Incidents}, filled {c.Filled}, unfillable {c.Unfillable}; offers heard {c.OffersHeard:N0} (hub {c.OffersHeardOnHub:N0}, long poll {c.OffersHeardOnLongPoll:N0}, poll {c.OffersHeardOnPoll:N0}); accepted {c.Accepted:N0}, declined {c.Declined:N0}, too late {c.AnswersTooLate:N0}, refused {c.AnswersRefused:N0}; check-ins {c.CheckIns:N0} (refused {c.CheckInsRefused:N0}), check-outs {c.CheckOuts:N0}; feed pulls {c.Pulls:N0}; phone errors {c.PhoneErrors}")
            .AppendLine(CultureInfo.InvariantCulture, $"- incident created with its first offers recorded (POST /api/incidents round trip, wall, s): {P(result.OffersRecordedWallSeconds)}")
            .AppendLine(CultureInfo.InvariantCulture, $"- time to first offer heard by a phone (from the create request, wall, s): {P(result.FirstOfferHeardWallSeconds)}")
            .AppendLine(CultureInfo.InvariantCulture, $"- time to fill (server clock, s): {P(result.TimeToFillSeconds)}");
        if (resources is not null)
            summary.AppendLine(CultureInfo.InvariantCulture, $"- server during the run: CPU median {resources.cpuPercentMedian:F0} % (max {resources.cpuPercentMax:F0} %) of one core, RSS median {resources.rssMbMedian:F0} MB (max {resources.rssMbMax:F0} MB); the runner itself: CPU median {resources.runnerCpuPercentMedian:F0} %, RSS max {resources.runnerRssMbMax:F0} MB; load average at the end {LoadAverage()}");
        foreach (var e in result.Errors) summary.AppendLine(CultureInfo.InvariantCulture, $"- error: {e}");
        await File.WriteAllTextAsync(Path.Combine(run.Output, "summary.md"), summary.ToString());
        Console.WriteLine(summary.ToString());
    }

    private static string P(IReadOnlyDictionary<string, double> p) => p.Count == 0 ? "none" :
        FormattableString.Invariant($"p50 {p["p50"]:F1}, p90 {p["p90"]:F1}, p99 {p["p99"]:F1}, max {p["max"]:F1} (n = {p["count"]:F0})");

    private static string S(TimeSpan? span) => span is { } s ? s.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }
}
