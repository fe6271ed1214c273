namespace Mobilize.Grains.Readiness;

/// <summary>A volunteer's or team's duty state (应急值守): who may be called out right now.</summary>
[GenerateSerializer, Alias("mobilize.readiness.duty-status")]
public enum DutyStatus
{
    Off = 0,
    Available = 1,
    OnCall = 2,
    Assigned = 3,
    Resting = 4,
}
