using System.Text.Json.Serialization;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

[GenerateSerializer, Alias("mobilize.dispatch.offer-status")]
public enum OfferStatus
{
    Pending = 0,
    Accepted,
    Declined,
    TimedOut,
    Withdrawn,
}

/// <summary>A task offered to one team for one requirement. <see cref="Sequence"/> orders offers deterministically;
/// <see cref="Wave"/> counts the requirement's rounds of offers (the first round is wave 1).</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.offer")]
public sealed record Offer(
    OfferId Id,
    int Sequence,
    TeamId Team,
    string RequirementKey,
    int Wave,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt,
    OfferStatus Status,
    DateTimeOffset? ClosedAt = null,
    WithdrawalReason? WithdrawalReason = null)
{
    [JsonIgnore]
    public bool IsPending => Status == OfferStatus.Pending;
}
