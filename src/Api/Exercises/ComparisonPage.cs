using System.Text;
using Mobilize.Grains.Exercises;

namespace Mobilize.Api.Exercises;

/// <summary>Two runs of a scenario on one page: each requirement's clocks, baseline against the other run.</summary>
public static class ComparisonPage
{
    public static string Render(AfterActionComparison comparison)
    {
        var html = new StringBuilder();
        ReportPage.Head(html, $"演练对比 Exercise comparison — {comparison.Baseline.Name} / {comparison.Other.Name}");
        html.Append($"<p class=\"marking\">{ReportPage.E(comparison.Marking)}</p>");
        html.Append($"<h1>演练对比 Exercise comparison</h1><p>基准 Baseline: {ReportPage.E(comparison.Baseline.Name)} · "
            + $"对比 Other: {ReportPage.E(comparison.Other.Name)}. 差值 = 对比 − 基准; delta = other − baseline (negative is faster).</p>");
        html.Append("<h2>中位数对比 Medians compared</h2>");
        html.Append(SvgBars.Render(
        [
            .. comparison.Requirements.SelectMany(r => new SvgBars.Row[]
            {
                new($"#{r.Incident} {r.Key} 报警→应答 alert→answer", r.Clocks.AlertToAnswer.MedianSeconds.Baseline, r.Clocks.AlertToAnswer.MedianSeconds.Other),
                new($"#{r.Incident} {r.Key} 应答→集结 answer→muster", r.Clocks.AnswerToMuster.MedianSeconds.Baseline, r.Clocks.AnswerToMuster.MedianSeconds.Other),
                new($"#{r.Incident} {r.Key} 集结→到达 muster→arrival", r.Clocks.MusterToArrival.MedianSeconds.Baseline, r.Clocks.MusterToArrival.MedianSeconds.Other),
            }),
        ], "基准 baseline", "对比 other", "s"));
        html.Append("<h2>需求 Requirements</h2><table><tr><th>事件 Incident</th><th>需求 Requirement</th><th>满足率 Fill rate</th><th>满足用时 Time to fill (s)</th></tr>");
        foreach (var r in comparison.Requirements)
            html.Append($"<tr><td>#{r.Incident}</td><td>{ReportPage.E(r.Key)}</td><td>{D(r.FillRate)}</td><td>{D(r.TimeToFillSeconds)}</td></tr>");
        html.Append("</table><h2>拒绝与超时 Declines and timeouts</h2><table><tr><th>原因 Reason</th><th>基准 Baseline</th><th>对比 Other</th><th>差值 Change</th></tr>");
        foreach (var c in comparison.DeclinesAndTimeouts.Append(comparison.NeverReached).Append(comparison.CalledAway))
            html.Append($"<tr><td>{ReportPage.E(c.Name)}</td><td>{c.Baseline}</td><td>{c.Other}</td><td>{c.Change:+0;-0;0}</td></tr>");
        return html.Append("</table></body></html>").ToString();
    }

    private static string D(Delta d) => $"{ReportPage.N(d.Baseline)} → {ReportPage.N(d.Other)} ({ReportPage.N(d.Change)})";
}
