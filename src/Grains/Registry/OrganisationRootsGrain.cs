using System.Collections.Immutable;

namespace Mobilize.Grains.Registry;

/// <summary>The deployment's top organisations (those without a parent), oldest first: where an administrator's
/// console opens when nobody has said which organisation to show. One grain per deployment; a handful of cities.</summary>
[Alias("mobilize.registry.organisation-roots-grain")]
public interface IOrganisationRootsGrain : IGrainWithStringKey
{
    public const string Key = "deployment";

    /// <summary>Adds a top organisation; one already listed is left where it is.</summary>
    [Alias("Add")]
    Task Add(OrganisationNode root);

    [ReadOnly]
    [Alias("Get")]
    Task<ImmutableArray<OrganisationNode>> Get();
}

[GenerateSerializer, Immutable, Alias("mobilize.registry.organisation-roots")]
internal sealed record OrganisationRoots(ImmutableArray<OrganisationNode> Roots);

// The grain type is part of every stored row: keep it stable.
[GrainType("organisation-roots")]
internal sealed class OrganisationRootsGrain([PersistentState("organisation-roots")] IPersistentState<OrganisationRoots> state)
    : Grain, IOrganisationRootsGrain
{
    private ImmutableArray<OrganisationNode> Roots => state.RecordExists && !state.State.Roots.IsDefault ? state.State.Roots : [];

    public async Task Add(OrganisationNode root)
    {
        if (Roots.Any(r => r.Id == root.Id)) return;
        state.State = new OrganisationRoots(Roots.Add(root));
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<OrganisationNode>> Get() => Task.FromResult(Roots);
}
