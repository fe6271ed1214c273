using System.Diagnostics;
using System.Globalization;
using Mobilize.TestKit.Cluster;

// The failover figure of issue #11: kill -9 a silo of a 3-silo, 2-Api cluster of real processes and time how long
// until every incident it was running answers again. Each run opens a fresh batch of incidents on the full cluster,
// so about a third of them live on the victim; the victim is then restarted for the next run.
//   dotnet run --project tools/Mobilize.FailoverProbe -c Release -- [--runs 5] [--incidents 30] [-- extra node args]
var runs = Option("--runs", 5);
var incidentsPerRun = Option("--incidents", 30);
var extra = args.SkipWhile(a => a != "--").Skip(1).ToList();

Console.WriteLine($"failover probe: {runs} runs, {incidentsPerRun} incidents each; load {Recovery.Load()}");
await using var cluster = await LocalCluster.StartAsync("failover-probe", extraArguments: extra);
using var node = LocalCluster.AdministratorClient(cluster.Api(1));
var province = new Province(node);
var city = await province.CityAsync();
await province.TeamsAroundAsync("t", city, 32.05, 118.78, 6, members: 1, "first-aid");

var figures = new List<(TimeSpan First, TimeSpan All, int Moved)>();
for (var run = 1; run <= runs; run++)
{
    var incidents = new List<Incident>();
    foreach (var i in Enumerable.Range(0, incidentsPerRun))
        incidents.Add(await province.OpenIncidentAsync($"r{run}i{i}", city, 32.05, 118.78, 1, "first-aid", TimeSpan.FromMinutes(30)));
    var victim = (run % cluster.Silos.Count) + 1;
    var sinceKill = Stopwatch.StartNew();
    cluster.KillSilo(victim);
    var recovery = await Recovery.MeasureAsync(node, incidents.Select(i => ($"incident {i.Id}", $"/api/incidents/{i.Id}")), sinceKill, TimeSpan.FromSeconds(120));
    var moved = recovery.Where(r => r.Moved).ToList();
    var first = moved.Count > 0 ? moved.Min(r => r.Recovered) : TimeSpan.Zero;
    var all = recovery.Max(r => r.Recovered);
    figures.Add((first, all, moved.Count));
    Console.WriteLine($"run {run}: killed silo {victim}; {Recovery.Describe(recovery)}; load {Recovery.Load()}");

    await cluster.StartSiloAsync(victim);
    await cluster.WaitForActiveSilosAsync(cluster.Silos.Count, TimeSpan.FromSeconds(60));
}

var alls = figures.Select(f => f.All.TotalSeconds).Order().ToList();
var firsts = figures.Select(f => f.First.TotalSeconds).Order().ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"kill -9 → all of the victim's incidents answering: median {Median(alls):F2} s, max {alls[^1]:F2} s; " +
    $"first of them: median {Median(firsts):F2} s, max {firsts[^1]:F2} s; moved per run {string.Join(" · ", figures.Select(f => f.Moved))} of {incidentsPerRun}; " +
    $"load {Recovery.Load()}"));

static double Median(List<double> sorted) => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
