using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Readiness;

/// <summary>The warning colour a standby alert carries, as the weather and flood services issue them (预警等级):
/// blue is the mildest, red means act now. Phones vibrate harder for orange and red.</summary>
[GenerateSerializer, Alias("mobilize.readiness.alert-level")]
public enum AlertLevel
{
    Blue = 0,
    Yellow,
    Orange,
    Red,
}

/// <summary>A standby alert (待命通知): before a typhoon or flood, a command centre or team leader tells volunteers to stand
/// by. It asks nothing of them and changes no duty; it reaches each member's own stream like an offer does.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.readiness.standby-alert")]
public sealed record StandbyAlert(string Message, AlertLevel Level)
{
    public const int MaxMessageLength = 500;

    /// <summary>Every invalid field at once; empty when valid.</summary>
    public ImmutableArray<FieldError> Validate()
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        var message = Message?.Trim() ?? "";
        if (message.Length is 0 or > MaxMessageLength)
            errors.Add(new("message", $"must be 1 to {MaxMessageLength} characters"));
        if (!Enum.IsDefined(Level)) errors.Add(new("level", "must be Blue, Yellow, Orange or Red"));
        return errors.ToImmutable();
    }
}

/// <summary>What the sender hears back: whom the alert reached, and when it went out.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.readiness.alert-receipt")]
public sealed record AlertReceipt(TeamId Team, AlertLevel Level, int Recipients, DateTimeOffset SentAt);
