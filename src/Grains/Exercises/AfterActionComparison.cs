using System.Collections.Immutable;

namespace Mobilize.Grains.Exercises;

/// <summary>Two runs of the same scenario side by side: <c>delta</c> is other minus baseline, so a negative clock delta
/// means the other run was faster. Requirements are matched by incident ordinal and key, reasons by name.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.after-action-comparison")]
public sealed record AfterActionComparison(
    string Marking,
    ExerciseHeader Baseline,
    ExerciseHeader Other,
    ClockDeltas Clocks,
    ImmutableArray<RequirementDelta> Requirements,
    ImmutableArray<CountDelta> DeclinesAndTimeouts,
    CountDelta NeverReached,
    CountDelta CalledAway)
{
    public static AfterActionComparison Of(AfterActionReport baseline, AfterActionReport other)
    {
        var keys = baseline.Requirements.Select(r => (r.Incident, r.Key))
            .Union(other.Requirements.Select(r => (r.Incident, r.Key)))
            .OrderBy(k => k.Incident).ThenBy(k => k.Key, StringComparer.Ordinal);
        var reasons = baseline.DeclinesAndTimeouts.Select(r => r.Reason).Union(other.DeclinesAndTimeouts.Select(r => r.Reason))
            .Order(StringComparer.Ordinal);
        return new AfterActionComparison(
            ExerciseMarking.Label,
            baseline.Exercise,
            other.Exercise,
            ClockDeltas.Of(baseline.Clocks, other.Clocks),
            [.. keys.Select(k => RequirementDelta.Of(k.Incident, k.Key,
                baseline.Requirements.FirstOrDefault(r => r.Incident == k.Incident && r.Key == k.Key),
                other.Requirements.FirstOrDefault(r => r.Incident == k.Incident && r.Key == k.Key)))],
            [.. reasons.Select(reason => CountDelta.Of(reason,
                baseline.DeclinesAndTimeouts.FirstOrDefault(r => r.Reason == reason)?.Count ?? 0,
                other.DeclinesAndTimeouts.FirstOrDefault(r => r.Reason == reason)?.Count ?? 0))],
            CountDelta.Of("never-reached", baseline.NeverReached.Length, other.NeverReached.Length),
            CountDelta.Of("called-away", baseline.CalledAway.Length, other.CalledAway.Length));
    }
}

[GenerateSerializer, Immutable, Alias("mobilize.exercises.delta")]
public sealed record Delta(double? Baseline, double? Other, double? Change)
{
    public static Delta Of(double? baseline, double? other) =>
        new(baseline, other, baseline is { } b && other is { } o ? AfterActionStats.Round(o - b) : null);
}

[GenerateSerializer, Immutable, Alias("mobilize.exercises.count-delta")]
public sealed record CountDelta(string Name, int Baseline, int Other, int Change)
{
    public static CountDelta Of(string name, int baseline, int other) => new(name, baseline, other, other - baseline);
}

[GenerateSerializer, Immutable, Alias("mobilize.exercises.stat-delta")]
public sealed record StatDelta(Delta MedianSeconds, Delta P90Seconds)
{
    public static StatDelta Of(Stat? baseline, Stat? other) =>
        new(Delta.Of(baseline?.MedianSeconds, other?.MedianSeconds), Delta.Of(baseline?.P90Seconds, other?.P90Seconds));
}

[GenerateSerializer, Immutable, Alias("mobilize.exercises.clock-deltas")]
public sealed record ClockDeltas(StatDelta AlertToAnswer, StatDelta AnswerToMuster, StatDelta MusterToArrival)
{
    public static ClockDeltas Of(ClockSet? baseline, ClockSet? other) => new(
        StatDelta.Of(baseline?.AlertToAnswer, other?.AlertToAnswer),
        StatDelta.Of(baseline?.AnswerToMuster, other?.AnswerToMuster),
        StatDelta.Of(baseline?.MusterToArrival, other?.MusterToArrival));
}

[GenerateSerializer, Immutable, Alias("mobilize.exercises.requirement-delta")]
public sealed record RequirementDelta(int Incident, string Key, Delta FillRate, Delta TimeToFillSeconds, ClockDeltas Clocks)
{
    public static RequirementDelta Of(int incident, string key, RequirementReport? baseline, RequirementReport? other) => new(
        incident, key,
        Delta.Of(baseline?.FillRate, other?.FillRate),
        Delta.Of(baseline?.TimeToFillSeconds, other?.TimeToFillSeconds),
        ClockDeltas.Of(baseline?.Clocks, other?.Clocks));
}
