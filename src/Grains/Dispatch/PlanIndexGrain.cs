using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>The incident types one organisation has plans for, so a launch can offer a choice of them; keyed by the
/// organisation's id. Plan grains are keyed by organisation and type, and Orleans cannot list grains.</summary>
[Alias("mobilize.dispatch.plan-index-grain")]
public interface IPlanIndexGrain : IGrainWithStringKey
{
    [Alias("Note")]
    Task Note(string incidentType);

    [ReadOnly]
    [Alias("Types")]
    Task<ImmutableArray<string>> Types();
}

/// <param name="Complete">The plans stored before the index existed have been folded in.</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.plan-index-state")]
internal sealed record PlanIndexState(ImmutableSortedSet<string> Types, bool Complete);

// The grain type is part of every stored row: keep it stable.
[GrainType("plan-index")]
internal sealed class PlanIndexGrain(
    [PersistentState("plan-index")] IPersistentState<PlanIndexState> state,
    [FromKeyedServices(StorageNames.Default)] IStoredStateScanner scanner) : Grain, IPlanIndexGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.Stored() is { Complete: true }) return;
        // Once per organisation: the plans saved before this index was kept are found in the store itself.
        var types = state.Stored()?.Types ?? ImmutableSortedSet<string>.Empty;
        var key = this.GetPrimaryKeyString();
        await foreach (var stored in scanner.ScanAsync<PlanState>("plan", PlanGrain.StateName, cancellationToken))
        {
            if (stored.State?.Plan is { } plan && plan.Jurisdiction.Value == key) types = types.Add(Normal(plan.IncidentType));
        }
        state.State = new PlanIndexState(types, Complete: true);
        await state.WriteStateAsync(cancellationToken);
    }

    public async Task Note(string incidentType)
    {
        var types = state.State!.Types;
        if (types.Contains(Normal(incidentType))) return;
        state.State = state.State with { Types = types.Add(Normal(incidentType)) };
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> Types() => Task.FromResult<ImmutableArray<string>>([.. state.State!.Types]);

    // As plan grains are keyed (PlanKeys.For): "Flood" and "flood" are one plan.
    private static string Normal(string incidentType) => incidentType.Trim().ToLowerInvariant();
}
