using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

[GenerateSerializer, Alias("mobilize.dispatch.withdrawal-reason")]
public enum WithdrawalReason
{
    NotNeeded = 0,
    StoodDown = 1,
}

/// <summary>Something the incident grain must do after a recruitment decision; the decider itself does no I/O.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.recruitment-effect")]
public abstract record RecruitmentEffect;

/// <summary>Tell the team about the task; it has until <see cref="ExpiresAt"/> to answer.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.send-offer")]
public sealed record SendOffer(OfferId Offer, TeamId Team, string RequirementKey, DateTimeOffset ExpiresAt) : RecruitmentEffect;

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.withdraw-offer")]
public sealed record WithdrawOffer(OfferId Offer, TeamId Team, WithdrawalReason Reason) : RecruitmentEffect;

/// <summary>Search again, wider: run the gate and ranking at this radius, leaving out teams already offered, and
/// pass the result to <see cref="RecruitmentDecider.OnCandidates"/>.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.need-candidates")]
public sealed record NeedCandidates(string RequirementKey, double RadiusMeters, EscalationLevel Level, ImmutableHashSet<TeamId> AlreadyOffered) : RecruitmentEffect;

/// <summary>The team is free again (stand-down): clear its assignment.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.release-team")]
public sealed record ReleaseTeam(TeamId Team) : RecruitmentEffect;

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.requirement-filled")]
public sealed record RequirementFilled(string RequirementKey) : RecruitmentEffect;

/// <summary>Every rung of the ladder was tried and the requirement is still short; a commander must act.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.unfillable")]
public sealed record Unfillable(string RequirementKey) : RecruitmentEffect;

/// <summary>(Re)arm the single offer-deadline timer; at <see cref="At"/> call <see cref="RecruitmentDecider.OnTimeouts"/>.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.arm-timer")]
public sealed record ArmTimer(DateTimeOffset At) : RecruitmentEffect;
