using Mobilize.Drills.Running;
using Spectre.Console;

namespace Mobilize.DrillRunner;

/// <summary>The drill as it runs: a Spectre live table on a terminal, a status line every ten seconds otherwise (CI, logs).</summary>
internal static class LiveView
{
    public static async Task ShowAsync(DrillEngine engine, ResourceSampler? sampler, int teams, Task drill)
    {
        await AnsiConsole.Live(new Text("starting")).AutoClear(false).StartAsync(async context =>
        {
            while (!drill.IsCompleted)
            {
                context.UpdateTarget(Render(engine, sampler, teams));
                await Task.WhenAny(drill, Task.Delay(500));
            }
            context.UpdateTarget(Render(engine, sampler, teams));
        });
    }

    public static async Task LogAsync(DrillEngine engine, ResourceSampler? sampler, int teams, Task drill)
    {
        while (!drill.IsCompleted)
        {
            await Task.WhenAny(drill, Task.Delay(TimeSpan.FromSeconds(10)));
            var c = engine.Metrics.Counts;
            var server = sampler?.Latest is { } s ? $"; server cpu {s.CpuPercent:F0} % rss {s.RssMb:F0} MB" : "";
            Console.WriteLine(engine.Phase == "registering"
                ? $"registering: {engine.TeamsRegistered:N0}/{teams:N0} teams{server}"
                : $"{engine.Phase} t={engine.DrillTime:hh\\:mm\\:ss}: incidents {c.Incidents} filled {c.Filled} unfillable {c.Unfillable}; offers heard {c.OffersHeard:N0}, " +
                  $"accepted {c.Accepted:N0}, declined {c.Declined:N0}; check-ins {c.CheckIns:N0}; pulls {c.Pulls:N0}; errors {c.PhoneErrors}; load {DrillCommand.LoadAverage()}{server}");
        }
    }

    private static Rows Render(DrillEngine engine, ResourceSampler? sampler, int teams)
    {
        var c = engine.Metrics.Counts;
        var progress = new BreakdownChart().Width(60)
            .AddItem("filled", c.Filled, Color.Green)
            .AddItem("unfillable", c.Unfillable, Color.Red)
            .AddItem("recruiting", Math.Max(0, c.Incidents - c.Filled - c.Unfillable), Color.Yellow);
        var table = new Table().Title($"[bold]{engine.Phase}[/] drill time {engine.DrillTime:hh\\:mm\\:ss}")
            .AddColumns("incident", "type", "district", "filled / needed", "status", "first offer heard", "time to fill");
        foreach (var t in engine.Metrics.Incidents.TakeLast(12))
            table.AddRow(t.Id, t.Type, t.District, $"{t.Filled} / {t.Needed}", t.Status,
                t.FirstOfferHeard is { } h ? $"{h.TotalSeconds:F1} s" : "", t.TimeToFill is { } f ? $"{f.TotalSeconds:F0} s" : "");
        var server = sampler?.Latest is { } s ? $"server CPU {s.CpuPercent:F0} % of a core, RSS {s.RssMb:F0} MB · " : "";
        return new Rows(
            new Markup(engine.Phase == "registering" ? $"registering teams {engine.TeamsRegistered:N0} / {teams:N0}" :
                $"{server}offers heard {c.OffersHeard:N0} · accepted {c.Accepted:N0} · declined {c.Declined:N0} · check-ins {c.CheckIns:N0} · errors {c.PhoneErrors}"),
            progress, table);
    }
}
