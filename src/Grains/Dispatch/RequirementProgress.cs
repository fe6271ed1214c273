using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Mobilize.Grains.Dispatch;

[GenerateSerializer, Alias("mobilize.dispatch.requirement-status")]
public enum RequirementStatus
{
    /// <summary>Offers are out or can be made from the candidate queue.</summary>
    Recruiting = 0,
    /// <summary>Nothing pending and no one left to ask; waiting for a wider search.</summary>
    AwaitingCandidates,
    Filled,
    /// <summary>Past the last rung of the ladder and still short.</summary>
    Unfillable,
}

/// <summary>How far one requirement has got: teams filled, where on the ladder it is, and who is still to be asked.</summary>
/// <param name="LadderStep">Index of the ladder step reached; -1 while still at the plan's own radius.</param>
/// <param name="Wave">Rounds of offers made so far.</param>
/// <param name="Queue">Ranked candidates not yet offered, best first.</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.requirement-progress")]
public sealed record RequirementProgress(
    RequirementSpec Spec,
    int Filled,
    RequirementStatus Status,
    double RadiusMeters,
    EscalationLevel Level,
    int LadderStep,
    int Wave,
    ImmutableList<RankedCandidate> Queue)
{
    [JsonIgnore]
    public string Key => Spec.Key;
    [JsonIgnore]
    public int Remaining => Spec.Teams - Filled;
}
