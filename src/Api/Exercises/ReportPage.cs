using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Exercises;

/// <summary>What the report's ids read as: team and organisation names, looked up when the page is asked for.</summary>
public sealed record ReportNames(string? Organisation, ImmutableDictionary<TeamId, string> Teams)
{
    public static ReportNames None { get; } = new(null, ImmutableDictionary<TeamId, string>.Empty);

    public string Team(TeamId id) => Teams.TryGetValue(id, out var name) ? name : id.Value;
}

/// <summary>The after-action report as one self-contained page (复盘报告 / After-action report), Chinese and English:
/// a one-screen summary first, then the detail; minutes rather than seconds, team names rather than ids, times in
/// the jurisdiction's zone (Asia/Shanghai).</summary>
public static class ReportPage
{
    public const string Style = """
        body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:24px;color:#1b1b1b;max-width:1100px}
        .marking{background:#b00020;color:#fff;padding:4px 10px;font-weight:700;display:inline-block}
        table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
        .summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:10px;margin:12px 0 24px}
        .summary div{border:1px solid #ccc;border-radius:6px;padding:8px 10px}.summary b{display:block;font-size:1.5rem}
        .muted{color:#555}
        svg text{font-size:12px}rect.first{fill:#1f5fa8}rect.second{fill:#9cc1ea}text.none{fill:#595959}
        """;

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static string Render(AfterActionReport report) => Render(report, ReportNames.None);

    public static string Render(AfterActionReport report, ReportNames names)
    {
        var e = report.Exercise;
        var html = new StringBuilder();
        Head(html, $"复盘报告 After-action report — {e.Name}");
        html.Append($"<p class=\"marking\">{E(report.Marking)}</p>");
        html.Append($"<h1>复盘报告 After-action report: {E(e.Name)}</h1>");
        var status = e.Status == ExerciseStatus.Ended ? "已结束 Ended" : "进行中 In progress";
        html.Append($"<p>组织 Organisation: {E(names.Organisation ?? e.Organisation.Value)} · 状态 Status: {status} · 开始 Started: {T(e.StartedAt)}"
            + $" · 结束 Ended: {T(e.EndedAt)} · 占用真实值守 Takes volunteers from real duty: {(e.TakesVolunteersFromRealDuty ? "是 yes" : "否 no")}</p>");
        if (e.Note is { } note) html.Append($"<p>{E(note)}</p>");

        Summary(html, report);
        html.Append("<h2>响应时钟 Response clocks (分钟 minutes)</h2>");
        html.Append(SvgBars.Render(MinuteClocks("全部 all", report.Clocks), "中位数 median", "p90", "min"));

        html.Append("<h2>事件 Incidents</h2><table><tr><th>#</th><th>类型 Type</th><th>等级 Severity</th><th>状态 Status</th><th>发起 Opened</th></tr>");
        foreach (var i in report.Incidents)
            html.Append($"<tr><td>{i.Ordinal}</td><td>{E(i.IncidentType)}</td><td>{i.Severity}</td><td>{IncidentStatus(i.Status.ToString())}</td><td>{T(i.CreatedAt)}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>需求 Requirements</h2><table><tr><th>事件 Incident</th><th>需求 Requirement</th><th>需要 Needed</th><th>到位 Filled</th>"
            + "<th>满足率 Fill rate</th><th>满足用时 Time to fill</th></tr>");
        foreach (var r in report.Requirements)
            html.Append($"<tr><td>#{r.Incident}</td><td>{E(r.Key)} ({E(r.Capability)})</td><td>{r.TeamsNeeded}</td><td>{r.TeamsFilled}</td>"
                + $"<td>{N(r.FillRate * 100)}%</td><td>{M(r.TimeToFillSeconds)}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>队伍 Teams</h2><table><tr><th>队伍 Team</th><th>任务 Offers</th><th>接受 Accepted</th><th>报警→应答 Alert→answer 中位/p90</th>"
            + "<th>应答→集结 Answer→muster 中位/p90</th><th>集结→到达 Muster→arrival 中位/p90</th></tr>");
        foreach (var t in report.Teams.OrderBy(t => names.Team(t.Team), StringComparer.Ordinal))
            html.Append($"<tr><td>{E(names.Team(t.Team))}</td><td>{t.Offers}</td><td>{t.Accepted}</td><td>{S(t.Clocks.AlertToAnswer)}</td>"
                + $"<td>{S(t.Clocks.AnswerToMuster)}</td><td>{S(t.Clocks.MusterToArrival)}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>拒绝与超时 Declines and timeouts</h2><table><tr><th>原因 Reason</th><th>次数 Count</th></tr>");
        foreach (var r in report.DeclinesAndTimeouts) html.Append($"<tr><td>{Reason(r.Reason)}</td><td>{r.Count}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>未联系到 Never reached</h2><table><tr><th>事件 Incident</th><th>需求 Requirement</th><th>队伍 Team</th><th>原因 Reason</th></tr>");
        foreach (var n in report.NeverReached)
            html.Append($"<tr><td>#{n.Incident}</td><td>{E(n.RequirementKey)}</td><td>{E(names.Team(n.Team))}</td><td>{Reason(n.Reason)}: {Reason(n.Detail)}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>被真实事件调走 Called away to real incidents</h2><table><tr><th>队伍 Team</th><th>真实事件 Real incident</th><th>时间 At</th></tr>");
        foreach (var c in report.CalledAway)
            html.Append($"<tr><td>{E(names.Team(c.Team))}</td><td>{E(c.RealIncident.Value)}</td><td>{T(c.At)}</td></tr>");
        html.Append("</table></body></html>");
        return html.ToString();
    }

    /// <summary>The figures a trainer reads first, before any table: how many incidents, how much was filled and how fast.</summary>
    private static void Summary(StringBuilder html, AfterActionReport report)
    {
        var needed = report.Requirements.Sum(r => r.TeamsNeeded);
        var filled = report.Requirements.Sum(r => r.TeamsFilled);
        var fillTimes = report.Requirements.Select(r => r.TimeToFillSeconds).OfType<double>().Order().ToArray();
        var medianFill = fillTimes.Length == 0 ? (double?)null
            : fillTimes.Length % 2 == 1 ? fillTimes[fillTimes.Length / 2] : (fillTimes[fillTimes.Length / 2 - 1] + fillTimes[fillTimes.Length / 2]) / 2;
        var offers = report.Teams.Sum(t => t.Offers);
        var accepted = report.Teams.Sum(t => t.Accepted);
        var duration = (report.Exercise.EndedAt ?? report.Incidents.Select(i => (DateTimeOffset?)i.CreatedAt).DefaultIfEmpty(null).Max()) - report.Exercise.StartedAt;
        html.Append("<h2>概要 Summary</h2><section class=\"summary\">");
        Tile(html, "事件 Incidents", report.Incidents.Length.ToString(CultureInfo.InvariantCulture));
        Tile(html, "时长 Duration", duration is { } d && d > TimeSpan.Zero ? $"{N(d.TotalMinutes)} 分钟 min" : "—");
        Tile(html, "队伍到位 Teams filled", $"{filled} / {needed}" + (needed > 0 ? $" ({N(100.0 * filled / needed)}%)" : ""));
        Tile(html, "满足用时中位数 Median time to fill", M(medianFill));
        Tile(html, "任务接受 Offers accepted", $"{accepted} / {offers}");
        Tile(html, "拒绝与超时 Declines and timeouts", report.DeclinesAndTimeouts.Sum(r => r.Count).ToString(CultureInfo.InvariantCulture));
        Tile(html, "报警→应答中位数 Median alert→answer", M(report.Clocks.AlertToAnswer.MedianSeconds));
        Tile(html, "集结→到达中位数 Median muster→arrival", M(report.Clocks.MusterToArrival.MedianSeconds));
        Tile(html, "未联系到 Never reached", report.NeverReached.Length.ToString(CultureInfo.InvariantCulture));
        Tile(html, "被调走 Called away", report.CalledAway.Length.ToString(CultureInfo.InvariantCulture));
        html.Append("</section>");
    }

    private static void Tile(StringBuilder html, string label, string value) =>
        html.Append($"<div><span class=\"muted\">{E(label)}</span><b>{E(value)}</b></div>");

    public static void Head(StringBuilder html, string title) =>
        html.Append($"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + $"<title>{E(title)}</title><style>{Style}</style></head><body>");

    public static IEnumerable<SvgBars.Row> Clocks(string prefix, ClockSet clocks) =>
    [
        new($"{prefix} 报警→应答 alert→answer", clocks.AlertToAnswer.MedianSeconds, clocks.AlertToAnswer.P90Seconds),
        new($"{prefix} 应答→集结 answer→muster", clocks.AnswerToMuster.MedianSeconds, clocks.AnswerToMuster.P90Seconds),
        new($"{prefix} 集结→到达 muster→arrival", clocks.MusterToArrival.MedianSeconds, clocks.MusterToArrival.P90Seconds),
    ];

    private static IReadOnlyList<SvgBars.Row> MinuteClocks(string prefix, ClockSet clocks) =>
        [.. Clocks(prefix, clocks).Select(r => new SvgBars.Row(r.Label, r.First / 60, r.Second / 60))];

    public static string E(string text) => WebUtility.HtmlEncode(text);

    public static string N(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    /// <summary>Seconds as minutes, to a tenth: a trainer reads "3.5 分钟 min", not "210".</summary>
    public static string M(double? seconds) => seconds is { } s ? $"{N(s / 60)} 分钟 min" : "—";

    private static string S(Stat stat) => stat.MedianSeconds is null ? "—" : $"{N(stat.MedianSeconds / 60)} / {N(stat.P90Seconds / 60)} 分钟 min";

    private static string T(DateTimeOffset? at) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, Shanghai).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (北京时间 UTC+8)" : "—";

    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        [ResponseOutcomes.Accepted] = "接受 accepted", [ResponseOutcomes.Declined] = "拒绝 declined", [ResponseOutcomes.TimedOut] = "超时未应答 timed out",
        [ResponseOutcomes.WithdrawnNotNeeded] = "已撤回（不再需要） withdrawn, not needed", [ResponseOutcomes.WithdrawnStoodDown] = "已撤回（已解除） withdrawn, stood down",
        [ResponseOutcomes.Pending] = "待应答 pending", [ResponseOutcomes.MemberDeclined] = "队员拒绝 a member declined", [ResponseOutcomes.CalledAway] = "被调走 called away",
        [ResponseOutcomes.OfferedNoAnswer] = "已发任务未应答 offered, no answer", [ResponseOutcomes.NeverOffered] = "未发任务 never offered",
        [ResponseOutcomes.EligibleNotNeeded] = "符合条件但无需 eligible, not needed",
        ["NotOnDuty"] = "未值守 not on duty", ["AlreadyAssigned"] = "已有任务 already assigned", ["Resting"] = "休整中 resting",
        ["MissingCertification"] = "缺少资质 no certification", ["CertificationExpired"] = "证书过期 certification expired",
        ["TooFewQualifiedMembers"] = "合格人数不足 too few qualified members", ["InsuranceInvalid"] = "保险无效 insurance not valid",
        ["LocationUnknown"] = "位置未知 location unknown", ["LocationStale"] = "位置过旧 location stale", ["OutOfRadius"] = "超出范围 out of radius",
    };

    private static string Reason(string word) => E(Reasons.TryGetValue(word, out var text) ? text : word);

    private static string IncidentStatus(string status) => status switch
    {
        "Recruiting" => "招募中 recruiting", "Filled" => "已满足 filled", "Unfillable" => "无法满足 unfillable", "StoodDown" => "已解除 stood down",
        _ => E(status),
    };
}
