namespace Mobilize.Grains.Dispatch;

/// <summary>One line of a plan: "<see cref="Teams"/> teams able to do <see cref="Capability"/>, each with at least
/// <see cref="MinimumMembers"/> qualified members". <see cref="Key"/> names it within the plan.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.requirement-spec")]
public sealed record RequirementSpec(string Key, string Capability, int Teams, int MinimumMembers);
