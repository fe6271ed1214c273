using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>The response plan (预案) for one incident type in one jurisdiction; keyed by <see cref="PlanKeys.For"/>.</summary>
[Alias("mobilize.dispatch.plan-grain")]
public interface IPlanGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the plan; it must be valid and match this grain's jurisdiction and incident type.</summary>
    [Alias("Save")]
    Task<Outcome<ResponsePlan>> Save(ResponsePlan plan);

    [ReadOnly]
    [Alias("Get")]
    Task<Outcome<ResponsePlan>> Get();
}

public static class PlanKeys
{
    // Incident types are free text; lower-casing keeps "Flood" and "flood" one plan.
    public static string For(OrganisationId jurisdiction, string incidentType) =>
        $"{jurisdiction.Value}/{incidentType.Trim().ToLowerInvariant()}";
}
