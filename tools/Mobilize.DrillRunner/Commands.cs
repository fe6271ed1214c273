using System.CommandLine;
using System.Globalization;
using Mobilize.Drills.Geography;
using Mobilize.Drills.Jurisdictions;
using Mobilize.Drills.Running;
using Mobilize.Drills.Scenarios;
using Spectre.Console;

namespace Mobilize.DrillRunner;

internal static class Commands
{
    public static Command Generate()
    {
        var city = new Option<string>("--city") { Description = "beijing, tianjin, zhangjiakou or tianshui", DefaultValueFactory = _ => "beijing" };
        var teams = new Option<int>("--teams") { Description = "Teams in the whole city", DefaultValueFactory = _ => 2_000 };
        var members = new Option<int>("--members") { Description = "Volunteers per team", DefaultValueFactory = _ => 25 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var prefix = new Option<string>("--prefix") { Description = "Starts every id", DefaultValueFactory = _ => "drill" };
        var output = new Option<string>("--out") { Description = "Where to write the jurisdiction (JSON)", Required = true };
        var command = new Command("generate", "Write a synthetic jurisdiction: teams placed in proportion to district populations.")
            { city, teams, members, seed, prefix, output };
        command.SetAction(async (parse, cancellation) =>
        {
            var spec = new JurisdictionSpec(parse.GetValue(city)!, parse.GetValue(teams), parse.GetValue(members), parse.GetValue(seed),
                parse.GetValue(prefix)!, JurisdictionSpec.DefaultCapabilities);
            var jurisdiction = JurisdictionGenerator.Generate(spec, DistrictMap.Load(spec.City));
            await jurisdiction.SaveAsync(parse.GetValue(output)!, cancellation);
            var table = new Table().AddColumns("district", "teams", "volunteers");
            foreach (var g in jurisdiction.Teams.GroupBy(t => t.DistrictId))
                table.AddRow(jurisdiction.Districts.First(d => d.Id == g.Key).Name, g.Count().ToString(), g.Sum(t => t.Members.Length).ToString());
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"wrote {jurisdiction.Teams.Length:N0} teams, {jurisdiction.VolunteerCount:N0} volunteers to [bold]{Markup.Escape(parse.GetValue(output)!)}[/]");
            return 0;
        });
        return command;
    }

    public static Command Run()
    {
        var api = new Option<string?>("--api") { Description = "Start this Mobilize.Api.dll on a free loopback port and a temporary data folder" };
        var url = new Option<string?>("--url") { Description = "Drive a running server instead (loopback only)" };
        var token = new Option<string?>("--token") { Description = "With --url: an administrator token (the server writes one to <data>/administrator.token)" };
        var serverPid = new Option<int?>("--server-pid") { Description = "With --url: sample this process's CPU and memory" };
        var scenarioFile = new Option<string?>("--scenario") { Description = "Scenario file (JSON, see docs/drills.md)" };
        var builtin = new Option<string?>("--builtin") { Description = "A shipped scenario: beijing-flood, beijing-earthquake, load-60-per-minute, demo" };
        var jurisdictionFile = new Option<string?>("--jurisdiction") { Description = "Load this jurisdiction instead of generating one" };
        var teams = new Option<int?>("--teams") { Description = "Override the scenario's team count" };
        var members = new Option<int?>("--members") { Description = "Override the scenario's members per team" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var acceptance = new Option<double?>("--acceptance") { Description = "Chance a volunteer accepts (0-1)" };
        var answerDelay = new Option<string?>("--answer-delay") { Description = "Seconds from hearing to answering, MIN-MAX (e.g. 10-90)" };
        var speed = new Option<double?>("--speed") { Description = "Travel speed in km/h" };
        var timeScale = new Option<double>("--time-scale") { Description = "Drill seconds per wall second (the server runs with --clock-rate of it)", DefaultValueFactory = _ => 1 };
        var duration = new Option<TimeSpan?>("--duration") { Description = "Override the scenario's duration (hh:mm:ss)" };
        var hubPhones = new Option<int>("--hub-phones") { Description = "Phones on the volunteer hub (WebSocket)", DefaultValueFactory = _ => 500 };
        var longPollPhones = new Option<int>("--long-poll-phones") { Description = "Phones holding a long poll on the pull feed", DefaultValueFactory = _ => 4_000 };
        var pollSeconds = new Option<double>("--poll-interval") { Description = "Drill seconds between polls of the other phones", DefaultValueFactory = _ => 30 };
        var runTag = new Option<string?>("--run-tag") { Description = "Part of every incident id (default: the start time)" };
        var output = new Option<string>("--out") { Description = "Folder for result.json, incidents.csv and summary.md", DefaultValueFactory = _ => "drill-out" };
        var command = new Command("run", "Run a scenario against a server and report time to first offer and time to fill.")
        {
            api, url, token, serverPid, scenarioFile, builtin, jurisdictionFile, teams, members, seed, acceptance, answerDelay, speed, timeScale, duration,
            hubPhones, longPollPhones, pollSeconds, runTag, output,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            Scenario scenario;
            try
            {
                scenario = parse.GetValue(scenarioFile) is { } file ? ScenarioReader.ReadFile(file) : ScenarioReader.Builtin(parse.GetValue(builtin) ?? "beijing-flood");
            }
            catch (ScenarioException e)
            {
                // A trainer's typo in a scenario deserves the field's name, not a stack trace.
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            var phones = scenario.Phones;
            if (parse.GetValue(acceptance) is { } a) phones = phones with { Acceptance = a };
            if (parse.GetValue(answerDelay) is { } range)
            {
                var parts = range.Split('-');
                phones = phones with
                {
                    AnswerDelayMin = TimeSpan.FromSeconds(double.Parse(parts[0], CultureInfo.InvariantCulture)),
                    AnswerDelayMax = TimeSpan.FromSeconds(double.Parse(parts[^1], CultureInfo.InvariantCulture)),
                };
            }
            if (parse.GetValue(speed) is { } kmh) phones = phones with { SpeedKmh = kmh };
            scenario = scenario with
            {
                Phones = phones,
                Teams = parse.GetValue(teams) ?? scenario.Teams,
                MembersPerTeam = parse.GetValue(members) ?? scenario.MembersPerTeam,
                Duration = parse.GetValue(duration) ?? scenario.Duration,
            };
            var run = new RunSettings(parse.GetValue(api), parse.GetValue(url), parse.GetValue(token), parse.GetValue(serverPid), parse.GetValue(jurisdictionFile),
                parse.GetValue(seed), parse.GetValue(timeScale), parse.GetValue(hubPhones), parse.GetValue(longPollPhones),
                TimeSpan.FromSeconds(parse.GetValue(pollSeconds)), parse.GetValue(runTag) ?? DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture),
                parse.GetValue(output)!);
            return await DrillCommand.RunAsync(scenario, run, cancellation);
        });
        return command;
    }
}

internal sealed record RunSettings(
    string? ApiDll, string? Url, string? Token, int? ServerPid, string? JurisdictionFile, int Seed, double TimeScale, int HubPhones, int LongPollPhones,
    TimeSpan PollInterval, string RunTag, string Output);
