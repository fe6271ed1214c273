namespace Mobilize.Grains.Exercises;

/// <summary>Median and p90 as the report defines them (see <see cref="Stat"/>).</summary>
public static class AfterActionStats
{
    public static Stat Of(IEnumerable<double?> seconds)
    {
        var values = seconds.OfType<double>().Order().ToArray();
        if (values.Length == 0) return new Stat(0, null, null);
        var middle = values.Length / 2;
        var median = values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        var p90 = values[(int)Math.Ceiling(0.9 * values.Length) - 1];
        return new Stat(values.Length, Round(median), Round(p90));
    }

    /// <summary>Millisecond precision keeps the JSON stable across platforms' double formatting.</summary>
    public static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);

    public static double? Seconds(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } a && to is { } b ? Round((b - a).TotalSeconds) : null;
}
