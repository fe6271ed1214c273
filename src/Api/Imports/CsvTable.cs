using System.Collections.Immutable;
using CsvHelper;
using Mobilize.Grains.Registry;

namespace Mobilize.Api.Imports;

/// <summary>One data row of an imported file, by column name, with the line it starts on (the header is line 1).</summary>
public sealed record CsvRow(int Line, ImmutableDictionary<string, string> Fields)
{
    public string? this[string column] => Fields.TryGetValue(column, out var value) && value.Length > 0 ? value : null;
}

/// <summary>A roster file read with CsvHelper: its rows, and what is wrong with the file's shape (unknown or missing
/// columns, stray quotes, too many rows) as problems on their lines.</summary>
public sealed record CsvTable(ImmutableArray<CsvRow> Rows, ImmutableArray<ImportProblem> Problems)
{
    public static CsvTable Read(string text, ImmutableArray<string> columns, ImmutableArray<string> required)
    {
        var problems = ImmutableArray.CreateBuilder<ImportProblem>();
        var options = new CsvReaderOptions
        {
            // A comma always: a guessed separator would read a file of one column differently from the next.
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            // Bad quoting is a slip the person must see on its line, not something to guess around.
            OnMalformedRecord = bad => problems.Add(new((int)bad.LineNumber, "*", bad.Reason switch
            {
                CsvMalformedReason.StrayQuote => "has a stray quote",
                CsvMalformedReason.UnterminatedQuote => "has a quote that is never closed",
                CsvMalformedReason.TextAfterClosingQuote => "has text after a closing quote",
                _ => "is not well-formed CSV",
            })),
        };
        using var csv = CsvReader.Create(new StringReader(text), options);
        var header = csv.Headers.Select(h => h.Trim()).ToImmutableArray();
        if (header.IsEmpty || header.All(h => h.Length == 0))
            return new([], [new(1, "*", "the file is empty: the first line must name the columns")]);
        for (var i = 0; i < header.Length; i++)
        {
            if (!columns.Contains(header[i])) problems.Add(new(1, header[i], "is not a known column"));
            else if (header.IndexOf(header[i]) != i) problems.Add(new(1, header[i], "is named twice"));
        }
        foreach (var missing in required.Where(r => !header.Contains(r))) problems.Add(new(1, missing, "column is missing"));

        var rows = ImmutableArray.CreateBuilder<CsvRow>();
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            if (rows.Count == RosterImport.MaxRows)
            {
                problems.Add(new(line, "*", $"the file has more than {RosterImport.MaxRows} rows; split it"));
                break;
            }
            if (csv.FieldCount > header.Length) problems.Add(new(line, "*", $"has {csv.FieldCount} fields, the header {header.Length}"));
            var fields = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < Math.Min(csv.FieldCount, header.Length); i++) fields.TryAdd(header[i], csv.GetString(i).Trim());
            rows.Add(new CsvRow(line, fields.ToImmutable()));
        }
        return new(rows.ToImmutable(), problems.ToImmutable());
    }
}
