using System.Globalization;
using System.Net;
using System.Text;
using Mobilize.Grains.Exercises;

namespace Mobilize.Api.Exercises;

/// <summary>The after-action report as one self-contained page (复盘报告 / After-action report), Chinese and English.</summary>
public static class ReportPage
{
    public const string Style = """
        body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:24px;color:#1b1b1b}
        .marking{background:#b00020;color:#fff;padding:4px 10px;font-weight:700;display:inline-block}
        table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
        svg text{font-size:12px}rect.first{fill:#1f5fa8}rect.second{fill:#9cc1ea}text.none{fill:#999}
        """;

    public static string Render(AfterActionReport report)
    {
        var e = report.Exercise;
        var html = new StringBuilder();
        Head(html, $"复盘报告 After-action report — {e.Name}");
        html.Append($"<p class=\"marking\">{E(report.Marking)}</p>");
        html.Append($"<h1>复盘报告 After-action report: {E(e.Name)}</h1>");
        html.Append($"<p>组织 Organisation: {E(e.Organisation.Value)} · 状态 Status: {e.Status} · 开始 Started: {T(e.StartedAt)} · 结束 Ended: {T(e.EndedAt)}"
            + $" · 占用真实值守 Takes volunteers from real duty: {(e.TakesVolunteersFromRealDuty ? "是 yes" : "否 no")}</p>");
        if (e.Note is { } note) html.Append($"<p>{E(note)}</p>");

        html.Append("<h2>响应时钟 Response clocks</h2>");
        html.Append(SvgBars.Render(
        [
            .. report.Requirements.SelectMany(r => Clocks($"#{r.Incident} {r.Key}", r.Clocks)),
        ], "中位数 median", "p90", "s"));

        html.Append("<h2>需求 Requirements</h2><table><tr><th>事件 Incident</th><th>需求 Requirement</th><th>需要 Needed</th><th>到位 Filled</th>"
            + "<th>满足率 Fill rate</th><th>满足用时 Time to fill (s)</th></tr>");
        foreach (var r in report.Requirements)
            html.Append($"<tr><td>#{r.Incident}</td><td>{E(r.Key)} ({E(r.Capability)})</td><td>{r.TeamsNeeded}</td><td>{r.TeamsFilled}</td>"
                + $"<td>{N(r.FillRate * 100)}%</td><td>{N(r.TimeToFillSeconds)}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>队伍 Teams</h2><table><tr><th>队伍 Team</th><th>任务 Offers</th><th>接受 Accepted</th><th>报警→应答 Alert→answer p50/p90</th>"
            + "<th>应答→集结 Answer→muster p50/p90</th><th>集结→到达 Muster→arrival p50/p90</th></tr>");
        foreach (var t in report.Teams)
            html.Append($"<tr><td>{E(t.Team.Value)}</td><td>{t.Offers}</td><td>{t.Accepted}</td><td>{S(t.Clocks.AlertToAnswer)}</td>"
                + $"<td>{S(t.Clocks.AnswerToMuster)}</td><td>{S(t.Clocks.MusterToArrival)}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>拒绝与超时 Declines and timeouts</h2><table><tr><th>原因 Reason</th><th>次数 Count</th></tr>");
        foreach (var r in report.DeclinesAndTimeouts) html.Append($"<tr><td>{E(r.Reason)}</td><td>{r.Count}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>未联系到 Never reached</h2><table><tr><th>事件 Incident</th><th>需求 Requirement</th><th>队伍 Team</th><th>原因 Reason</th></tr>");
        foreach (var n in report.NeverReached)
            html.Append($"<tr><td>#{n.Incident}</td><td>{E(n.RequirementKey)}</td><td>{E(n.Team.Value)}</td><td>{E(n.Reason)}: {E(n.Detail)}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>被真实事件调走 Called away to real incidents</h2><table><tr><th>队伍 Team</th><th>真实事件 Real incident</th><th>时间 At</th></tr>");
        foreach (var c in report.CalledAway)
            html.Append($"<tr><td>{E(c.Team.Value)}</td><td>{E(c.RealIncident.Value)}</td><td>{T(c.At)}</td></tr>");
        html.Append("</table></body></html>");
        return html.ToString();
    }

    public static void Head(StringBuilder html, string title) =>
        html.Append($"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{E(title)}</title><style>{Style}</style></head><body>");

    public static IEnumerable<SvgBars.Row> Clocks(string prefix, ClockSet clocks) =>
    [
        new($"{prefix} 报警→应答 alert→answer", clocks.AlertToAnswer.MedianSeconds, clocks.AlertToAnswer.P90Seconds),
        new($"{prefix} 应答→集结 answer→muster", clocks.AnswerToMuster.MedianSeconds, clocks.AnswerToMuster.P90Seconds),
        new($"{prefix} 集结→到达 muster→arrival", clocks.MusterToArrival.MedianSeconds, clocks.MusterToArrival.P90Seconds),
    ];

    public static string E(string text) => WebUtility.HtmlEncode(text);

    public static string N(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    private static string S(Stat stat) => $"{N(stat.MedianSeconds)} / {N(stat.P90Seconds)}";

    private static string T(DateTimeOffset? at) => at is { } t ? t.ToString("u", CultureInfo.InvariantCulture) : "—";
}
