using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>One thing wrong with an imported file: the line it is on (the header is line 1), the column, and the same
/// sentence the API gives for that field elsewhere, so a page translates it with the words it already has.</summary>
public sealed record ImportProblem(int Line, string Column, string Message);

/// <summary>The rules for a roster file (volunteers or teams) as a whole: what no single row shows by itself.</summary>
public static class RosterImport
{
    /// <summary>Rows per file: a district's roster at once, not a city's; a larger one is split by the person importing.</summary>
    public const int MaxRows = 2_000;

    /// <summary>A file larger than this is refused unread (413).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Every row after the first that repeats a value which must be unique within the file (an id, a phone):
    /// the registry would take the first and refuse the second, so the file is not clean.</summary>
    public static ImmutableArray<ImportProblem> Repeats(IEnumerable<(int Line, string? Value)> values, string column)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = ImmutableArray.CreateBuilder<ImportProblem>();
        foreach (var (line, value) in values)
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            if (first.TryGetValue(value.Trim(), out var earlier)) problems.Add(new(line, column, $"repeats line {earlier}"));
            else first.Add(value.Trim(), line);
        }
        return problems.ToImmutable();
    }

    /// <summary>Where a team of the file would be refused on registration for a base outside its organisation's area.</summary>
    public static ImmutableArray<FieldError> BaseOutsideArea(OrganisationLadder ladder, GeoPoint baseLocation) =>
        JurisdictionAreas.Standard.Outside(ladder, baseLocation, "baseLocation");

    /// <summary>The CSV column a field error of the registry names: <c>certifications[0].expires</c> is in the
    /// <c>certifications</c> column, <c>insurance.validTo</c> in <c>insuranceValidTo</c>, <c>baseLocation.latitude</c>
    /// in <c>latitude</c>.</summary>
    public static string ColumnOf(string field)
    {
        var bracket = field.IndexOf('[');
        if (bracket > 0) return field[..bracket];
        if (field.StartsWith("insurance.", StringComparison.Ordinal))
            return "insurance" + char.ToUpperInvariant(field["insurance.".Length]) + field[("insurance.".Length + 1)..];
        if (field.StartsWith("baseLocation", StringComparison.Ordinal))
            return field.Length > "baseLocation.".Length ? field["baseLocation.".Length..] : "latitude";
        return field;
    }
}
