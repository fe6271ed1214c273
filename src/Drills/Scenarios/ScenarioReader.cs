using System.Collections.Immutable;
using System.Text.Json;

namespace Mobilize.Drills.Scenarios;

/// <summary>A scenario file that cannot be run; <see cref="Errors"/> name each field as <c>injects[2].at</c>.</summary>
public sealed class ScenarioException(IReadOnlyList<string> errors)
    : Exception("The scenario is not valid: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>Reads and checks a scenario file; every problem found is reported at once, each naming its field.</summary>
public static class ScenarioReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };

    public static Scenario ReadFile(string path) => Parse(File.ReadAllText(path));

    /// <summary>A scenario shipped inside this library (<c>beijing-flood</c>, <c>beijing-earthquake</c>, <c>load-60-per-minute</c>, <c>demo</c>).</summary>
    public static Scenario Builtin(string name)
    {
        using var stream = typeof(ScenarioReader).Assembly.GetManifestResourceStream($"scenarios/{name}.json")
                           ?? throw new ArgumentException($"No built-in scenario '{name}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static Scenario Parse(string json)
    {
        ScenarioFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ScenarioFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ScenarioException([$"{Field(e.Path)}: {e.Message.Split(" Path:")[0]}"]);
        }
        if (file is null) throw new ScenarioException(["(root): a scenario object is required"]);
        var errors = new List<string>();
        var scenario = ScenarioValidation.Check(file, errors);
        return errors.Count == 0 ? scenario! : throw new ScenarioException(errors);
    }

    private static string Field(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "(root)" : path.TrimStart('$', '.');
}

internal sealed record ScenarioFile(
    string? Name, string? City, JurisdictionFile? Jurisdiction, TimeSpan? Duration,
    ImmutableArray<PlanFile?>? Plans, PhonesFile? Phones, ImmutableArray<InjectFile?>? Injects);

internal sealed record JurisdictionFile(int? Teams, int? MembersPerTeam);

internal sealed record PlanFile(string? IncidentType, ImmutableArray<RequirementFile?>? Requirements, double? RadiusMeters, TimeSpan? OfferTimeout, double? OverOfferFactor,
    RestFile? Rest = null, TimeSpan? StandDownAfter = null);

internal sealed record RestFile(int? MinimumMinutes, int? PerHourWorkedMinutes, int? MaximumMinutes);

internal sealed record RequirementFile(string? Key, string? Capability, int? Teams, int? MinimumMembers);

internal sealed record PhonesFile(double? Acceptance, double? AnswerDelayMinSeconds, double? AnswerDelayMaxSeconds, double? SpeedKmh, double? ServiceMinutes);

internal sealed record InjectFile(
    TimeSpan? At, string? Kind, string? IncidentType, string? District, double? Latitude, double? Longitude, int? Severity,
    TimeSpan? Until, double? PerMinute, ImmutableArray<string>? IncidentTypes, double? Share, TimeSpan? For);
