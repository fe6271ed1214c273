namespace Mobilize.Grains.Dispatch;

/// <summary>Rungs of the escalation ladder, narrowest first; mutual aid asks a neighbouring jurisdiction.</summary>
[GenerateSerializer, Alias("mobilize.dispatch.escalation-level")]
public enum EscalationLevel
{
    Community = 0,
    Street = 1,
    District = 2,
    City = 3,
    MutualAid = 4,
}
