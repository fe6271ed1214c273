using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.plan-state")]
internal sealed record PlanState(ResponsePlan Plan, DateTimeOffset SavedAt);

// The grain type is part of every stored row: keep it stable.
[GrainType("plan")]
internal sealed class PlanGrain([PersistentState("plan")] IPersistentState<PlanState> state, TimeProvider time) : Grain, IPlanGrain
{
    public async Task<Outcome<ResponsePlan>> Save(ResponsePlan plan)
    {
        var errors = plan.Validate();
        if (!errors.IsEmpty) return Refusal.Invalid(errors);
        if (PlanKeys.For(plan.Jurisdiction, plan.IncidentType) != this.GetPrimaryKeyString())
            return Refusal.Invalid("jurisdiction", "jurisdiction and incident type must match the plan addressed");
        // The organisation is the path's, not a field of the body: unknown, it is a 404 like any other address.
        if ((await GrainFactory.Organisation(plan.Jurisdiction).Get()).Refusal is { } missing) return missing;
        state.State = new PlanState(plan, time.GetUtcNow());
        await state.WriteStateAsync();
        return plan;
    }

    public Task<Outcome<ResponsePlan>> Get() => Task.FromResult<Outcome<ResponsePlan>>(
        state.Stored() is { } s ? s.Plan : Refusal.NotFound("plan.not-found", $"No plan {this.GetPrimaryKeyString()}."));
}

/// <summary>Finds the plan for an incident: the incident's own organisation first, then each level above it.</summary>
public static class PlanLookup
{
    public static async Task<ResponsePlan?> FindAsync(IGrainFactory grains, OrganisationLadder ladder, string incidentType)
    {
        foreach (var node in ladder.Nodes)
        {
            if ((await grains.Plan(node.Id, incidentType).Get()).Value is { } plan) return plan;
        }
        return null;
    }
}
