using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>An incident's verdicts as stored: the verdicts of one search share requirement, level, radius and time,
/// so those are written once per run of verdicts and each team takes one short row.</summary>
/// <remarks>Hundreds of verdicts per callout, written with its first offers; as objects they were most of the bytes.</remarks>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.stored-verdicts")]
internal sealed record StoredVerdicts(ImmutableArray<StoredVerdicts.Run> Runs)
{
    public static StoredVerdicts From(IEnumerable<CandidateVerdict> verdicts)
    {
        var runs = ImmutableArray.CreateBuilder<Run>();
        Run? open = null;
        var rows = ImmutableArray.CreateBuilder<Row>();
        foreach (var v in verdicts)
        {
            if (open is null || open.RequirementKey != v.RequirementKey || open.Level != v.Level || open.RadiusMeters != v.RadiusMeters || open.At != v.At)
            {
                if (open is not null) runs.Add(open with { Teams = rows.DrainToImmutable() });
                open = new Run(v.RequirementKey, v.Level, v.RadiusMeters, v.At, []);
            }
            rows.Add(new Row(v.Team, v.Reason, v.DistanceMeters, v.Eta));
        }
        if (open is not null) runs.Add(open with { Teams = rows.DrainToImmutable() });
        return new StoredVerdicts(runs.DrainToImmutable());
    }

    public ImmutableList<CandidateVerdict> ToList() =>
        [.. Runs.SelectMany(run => run.Teams.Select(t => new CandidateVerdict(run.RequirementKey, t.Team, t.Reason, t.DistanceMeters, t.Eta,
            run.Level, run.RadiusMeters, run.At)))];

    [GenerateSerializer, Immutable, Alias("mobilize.dispatch.stored-verdicts.run")]
    internal sealed record Run(string RequirementKey, EscalationLevel Level, double RadiusMeters, DateTimeOffset At, ImmutableArray<Row> Teams);

    /// <summary>Stored as <c>[team, reason, metres, eta ticks]</c>.</summary>
    [JsonConverter(typeof(RowConverter))]
    [GenerateSerializer, Immutable, Alias("mobilize.dispatch.stored-verdicts.row")]
    internal readonly record struct Row(TeamId Team, ExclusionReason? Reason, double? DistanceMeters, TimeSpan? Eta);

    private sealed class RowConverter : JsonConverter<Row>
    {
        public override Row Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Expect(reader.TokenType == JsonTokenType.StartArray, "a verdict row is an array");
            reader.Read();
            var team = TeamId.Create(reader.GetString() ?? throw new JsonException("a verdict row names its team"));
            reader.Read();
            ExclusionReason? reason = reader.TokenType == JsonTokenType.Null ? null
                : Enum.TryParse<ExclusionReason>(reader.GetString(), out var parsed) ? parsed
                : throw new JsonException($"unknown exclusion reason {reader.GetString()}");
            reader.Read();
            double? metres = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
            reader.Read();
            TimeSpan? eta = reader.TokenType == JsonTokenType.Null ? null : TimeSpan.FromTicks(reader.GetInt64());
            reader.Read();
            Expect(reader.TokenType == JsonTokenType.EndArray, "a verdict row has four items");
            return new Row(team, reason, metres, eta);
        }

        public override void Write(Utf8JsonWriter writer, Row value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(value.Team.Value);
            if (value.Reason is { } reason) writer.WriteStringValue(reason.ToString()); else writer.WriteNullValue();
            if (value.DistanceMeters is { } metres) writer.WriteNumberValue(metres); else writer.WriteNullValue();
            if (value.Eta is { } eta) writer.WriteNumberValue(eta.Ticks); else writer.WriteNullValue();
            writer.WriteEndArray();
        }

        private static void Expect(bool condition, string message)
        {
            if (!condition) throw new JsonException(message);
        }
    }
}
