using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Readiness;

/// <summary>How long a volunteer or team rests after a task, set per plan (预案): a floor for any task, so many minutes
/// for each hour worked, and a ceiling. A plan without one rests by <see cref="RestRules.Default"/>.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.readiness.rest-policy")]
public sealed record RestPolicy(int MinimumMinutes, int PerHourWorkedMinutes, int MaximumMinutes)
{
    /// <summary>No task earns more than a day off: past that the volunteer is simply off duty.</summary>
    public const int LongestMinutes = 24 * 60;

    public ImmutableArray<FieldError> Validate(string field)
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        if (MinimumMinutes is < 0 or > LongestMinutes) errors.Add(new($"{field}.minimumMinutes", $"must be 0 to {LongestMinutes}"));
        if (PerHourWorkedMinutes is < 0 or > LongestMinutes) errors.Add(new($"{field}.perHourWorkedMinutes", $"must be 0 to {LongestMinutes}"));
        if (MaximumMinutes is < 0 or > LongestMinutes) errors.Add(new($"{field}.maximumMinutes", $"must be 0 to {LongestMinutes}"));
        else if (MaximumMinutes < MinimumMinutes) errors.Add(new($"{field}.maximumMinutes", "must be at least minimumMinutes"));
        return errors.ToImmutable();
    }
}

/// <summary>Why a volunteer is resting: the task it follows, whether that was a drill, how long it lasted and the rest it earned.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.readiness.rest-reason")]
public sealed record RestReason(IncidentId Incident, bool Exercise, int WorkedMinutes, int RestMinutes);

/// <summary>The rest that follows from a task: plain arithmetic on the time worked, so a phone, a team and a test agree.</summary>
public static class RestRules
{
    /// <summary>For a plan that sets no rest: half an hour after any task, an hour per hour worked, never more than
    /// <paramref name="longest"/> (<c>Mobilize:Readiness:RestPeriod</c>, 8 hours unless configured).</summary>
    public static RestPolicy Default(TimeSpan longest)
    {
        var maximum = (int)Math.Clamp(Math.Ceiling(longest.TotalMinutes), 0, RestPolicy.LongestMinutes);
        return new RestPolicy(Math.Min(30, maximum), 60, maximum);
    }

    /// <summary>Whole minutes worked, rounded up: a task of a few seconds is a minute's work, not none.</summary>
    public static int WorkedMinutes(TimeSpan worked) =>
        worked <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(worked.TotalMinutes));

    /// <summary>Minutes of rest for <paramref name="workedMinutes"/>: the minimum plus the per-hour share (rounded up to
    /// whole minutes), capped by the maximum.</summary>
    public static int RestMinutes(RestPolicy policy, int workedMinutes)
    {
        var earned = policy.MinimumMinutes + Math.Ceiling(policy.PerHourWorkedMinutes * (double)Math.Max(0, workedMinutes) / 60);
        return (int)Math.Clamp(earned, policy.MinimumMinutes, Math.Max(policy.MinimumMinutes, policy.MaximumMinutes));
    }

    /// <summary>The rest for a task that ran from <paramref name="started"/> to <paramref name="ended"/>; a task whose
    /// start is unknown (stored before starts were kept) counts as no work and earns the minimum.</summary>
    public static RestReason Reason(RestPolicy policy, IncidentId incident, bool exercise, DateTimeOffset? started, DateTimeOffset ended)
    {
        var worked = WorkedMinutes(started is { } s ? ended - s : TimeSpan.Zero);
        return new RestReason(incident, exercise, worked, RestMinutes(policy, worked));
    }
}
