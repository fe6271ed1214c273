using System.Collections.Immutable;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

[GenerateSerializer, Immutable, Alias("mobilize.dispatch.plan-state")]
internal sealed record PlanState(ResponsePlan Plan, DateTimeOffset SavedAt);

// The grain type is part of every stored row: keep it stable.
[GrainType("plan")]
internal sealed class PlanGrain([PersistentState(PlanGrain.StateName)] IPersistentState<PlanState> state, TimeProvider time) : Grain, IPlanGrain
{
    public const string StateName = "plan";

    public async Task<Outcome<ResponsePlan>> Save(ResponsePlan plan)
    {
        var errors = plan.Validate();
        if (!errors.IsEmpty) return Refusal.Invalid(errors);
        if (PlanKeys.For(plan.Jurisdiction, plan.IncidentType) != this.GetPrimaryKeyString())
            return Refusal.Invalid("jurisdiction", "jurisdiction and incident type must match the plan addressed");
        // The organisation is the path's, not a field of the body: unknown, it is a 404 like any other address.
        if ((await GrainFactory.Organisation(plan.Jurisdiction).Get()).Refusal is { } missing) return missing;
        // Listed before it is stored: a crash in between lists a type whose plan is missing, which readers skip.
        await GrainFactory.GetGrain<IPlanIndexGrain>(plan.Jurisdiction.Value).Note(plan.IncidentType);
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
    /// <summary>Every plan an incident opened by the ladder's first organisation could follow: for each incident type
    /// that some organisation on the ladder has a plan for, the nearest such plan (as <see cref="FindAsync"/> picks it).</summary>
    public static async Task<ImmutableArray<ResponsePlan>> ApplyingAsync(IGrainFactory grains, OrganisationLadder ladder)
    {
        var types = await Task.WhenAll(ladder.Nodes.Select(n => grains.GetGrain<IPlanIndexGrain>(n.Id.Value).Types()));
        var found = new Dictionary<string, ResponsePlan>(StringComparer.Ordinal);
        for (var i = 0; i < ladder.Nodes.Length; i++)
        {
            foreach (var type in types[i])
            {
                if (found.ContainsKey(type)) continue;
                if ((await grains.Plan(ladder.Nodes[i].Id, type).Get()).Value is { } plan) found[type] = plan;
            }
        }
        return [.. found.Values.OrderBy(p => p.IncidentType, StringComparer.Ordinal)];
    }

    public static async Task<ResponsePlan?> FindAsync(IGrainFactory grains, OrganisationLadder ladder, string incidentType)
    {
        foreach (var node in ladder.Nodes)
        {
            if ((await grains.Plan(node.Id, incidentType).Get()).Value is { } plan) return plan;
        }
        return null;
    }
}
