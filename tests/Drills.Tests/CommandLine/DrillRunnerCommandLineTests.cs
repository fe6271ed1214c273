using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Mobilize.Drills.Tests.CommandLine;

/// <summary>The drill runner as a trainer runs it: the built command line writes a jurisdiction, then plays a scenario
/// file on it against a server it starts and stops itself.</summary>
public sealed class DrillRunnerCommandLineTests
{
    // Two incidents that four-member teams fill quickly: phones accept 90 % of offers within a few drill seconds.
    private const string Scenario = """
        {
          "name": "cli-flood",
          "city": "beijing",
          "jurisdiction": { "teams": 16, "membersPerTeam": 4 },
          "duration": "00:05:00",
          "plans": [
            { "incidentType": "flood", "radiusMeters": 60000, "offerTimeout": "00:01:00", "overOfferFactor": 1.5,
              "requirements": [ { "key": "water", "capability": "water-rescue", "teams": 1, "minimumMembers": 2 } ] }
          ],
          "phones": { "acceptance": 0.9, "answerDelayMinSeconds": 1, "answerDelayMaxSeconds": 5, "speedKmh": 60, "serviceMinutes": 2 },
          "injects": [
            { "at": "00:00:02", "kind": "incident", "incidentType": "flood", "district": "朝阳区", "severity": 4 },
            { "at": "00:00:20", "kind": "incident", "incidentType": "flood", "district": "海淀区", "severity": 3 }
          ]
        }
        """;

    [Fact]
    public async Task A_trainer_generates_a_jurisdiction_runs_a_scenario_file_on_it_and_gets_the_results_and_the_after_action_report()
    {
        var folder = Directory.CreateTempSubdirectory("mobilize-drill-cli-").FullName;
        try
        {
            var jurisdiction = Path.Combine(folder, "jurisdiction.json");
            var (generated, generateOutput) = await Runner("generate", "--teams", "16", "--members", "4", "--seed", "7", "--prefix", "cli", "--out", jurisdiction);
            Assert.True(generated == 0, generateOutput);
            Assert.Contains("16 teams, 64 volunteers", generateOutput);

            var scenario = Path.Combine(folder, "scenario.json");
            await File.WriteAllTextAsync(scenario, Scenario);
            var output = Path.Combine(folder, "out");
            var (ran, runOutput) = await Runner("run", "--api", Path.Combine(AppContext.BaseDirectory, "Mobilize.Api.dll"),
                "--jurisdiction", jurisdiction, "--scenario", scenario, "--seed", "7", "--time-scale", "20",
                "--hub-phones", "16", "--long-poll-phones", "16", "--out", output);
            Assert.True(ran == 0, runOutput);

            var counts = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "result.json")))!["result"]!["counts"]!;
            Assert.Equal(2, counts["incidents"]!.GetValue<int>());
            Assert.Equal(2, counts["filled"]!.GetValue<int>());
            Assert.Equal(0, counts["phoneErrors"]!.GetValue<long>());

            // The teams are the file's (their ids carry its prefix), not ones the run generated.
            var report = await File.ReadAllTextAsync(Path.Combine(output, "after-action-report.json"));
            Assert.Equal("【演练】EXERCISE", JsonNode.Parse(report)!["marking"]!.GetValue<string>());
            Assert.Contains("\"cli-t", report);
            Assert.Contains("【演练】", await File.ReadAllTextAsync(Path.Combine(output, "after-action-report.html")));
            Assert.Equal(3, (await File.ReadAllLinesAsync(Path.Combine(output, "incidents.csv"))).Count(l => l.Length > 0));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_scenario_file_with_a_bad_field_stops_the_run_before_any_server_starts_and_names_the_field()
    {
        var folder = Directory.CreateTempSubdirectory("mobilize-drill-cli-").FullName;
        try
        {
            var scenario = Path.Combine(folder, "scenario.json");
            await File.WriteAllTextAsync(scenario, Scenario.Replace("\"acceptance\": 0.9", "\"acceptance\": 1.7"));
            var (ran, runOutput) = await Runner("run", "--api", Path.Combine(AppContext.BaseDirectory, "Mobilize.Api.dll"),
                "--scenario", scenario, "--out", Path.Combine(folder, "out"));
            Assert.Equal(2, ran);
            Assert.Contains("phones.acceptance: must be between 0 and 1", runOutput);
            Assert.DoesNotContain("Unhandled exception", runOutput);
            Assert.False(File.Exists(Path.Combine(folder, "out", "result.json")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> Runner(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mobilize.DrillRunner.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
