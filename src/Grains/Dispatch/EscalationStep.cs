namespace Mobilize.Grains.Dispatch;

/// <summary>One rung of the ladder: the level to climb to and how far the search widens, either by a factor of the
/// current radius or to an absolute radius (exactly one of the two).</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.escalation-step")]
public sealed record EscalationStep(EscalationLevel Level, double? RadiusFactor, double? RadiusMeters)
{
    public static EscalationStep Widen(EscalationLevel level, double factor) => new(level, factor, null);
    public static EscalationStep To(EscalationLevel level, double radiusMeters) => new(level, null, radiusMeters);

    /// <summary>The radius after this step: never narrower than before, so climbing cannot lose candidates, and
    /// never past the plan limit, so repeated factors cannot run away.</summary>
    public double WidenedRadius(double currentRadiusMeters) =>
        Math.Max(currentRadiusMeters, Math.Min(ResponsePlan.MaxRadiusMeters, RadiusMeters ?? currentRadiusMeters * (RadiusFactor ?? 1)));
}
