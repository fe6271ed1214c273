using System.Globalization;
using System.Net;
using System.Text;

namespace Mobilize.Api.Exercises;

/// <summary>A horizontal bar chart as inline SVG: two bars per row (say median and p90), scaled to the largest value,
/// so report pages need no script and no CDN.</summary>
public static class SvgBars
{
    private const int LabelWidth = 260;
    private const int BarWidth = 420;
    private const int RowHeight = 34;

    public sealed record Row(string Label, double? First, double? Second);

    public static string Render(IReadOnlyList<Row> rows, string firstName, string secondName, string unit)
    {
        var max = rows.SelectMany(r => new[] { r.First, r.Second }).OfType<double>().Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (max == 0) max = 1;
        var height = rows.Count * RowHeight + 30;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{LabelWidth + BarWidth + 90}\" height=\"{height}\">"));
        svg.Append(Invariant($"<rect x=\"{LabelWidth}\" y=\"4\" width=\"12\" height=\"10\" class=\"first\"/><text x=\"{LabelWidth + 16}\" y=\"13\">{E(firstName)}</text>"));
        svg.Append(Invariant($"<rect x=\"{LabelWidth + 160}\" y=\"4\" width=\"12\" height=\"10\" class=\"second\"/><text x=\"{LabelWidth + 176}\" y=\"13\">{E(secondName)}</text>"));
        for (var i = 0; i < rows.Count; i++)
        {
            var y = 24 + i * RowHeight;
            var row = rows[i];
            svg.Append(Invariant($"<text x=\"0\" y=\"{y + 18}\">{E(row.Label)}</text>"));
            Bar(svg, row.First, y, "first", max, unit);
            Bar(svg, row.Second, y + 14, "second", max, unit);
        }
        return svg.Append("</svg>").ToString();
    }

    private static void Bar(StringBuilder svg, double? value, int y, string css, double max, string unit)
    {
        if (value is not { } v)
        {
            svg.Append(Invariant($"<text x=\"{LabelWidth}\" y=\"{y + 11}\" class=\"none\">—</text>"));
            return;
        }
        var width = Math.Max(1, Math.Abs(v) / max * BarWidth);
        svg.Append(Invariant($"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{width:0.#}\" height=\"12\" class=\"{css}\"/>"));
        svg.Append(Invariant($"<text x=\"{LabelWidth + width + 4:0.#}\" y=\"{y + 11}\">{v:0.#} {E(unit)}</text>"));
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
