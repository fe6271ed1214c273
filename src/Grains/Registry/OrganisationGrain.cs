using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>Stored state of an organisation. The tree never re-parents, so the ancestor ladder is copied in at creation
/// and "is X within Y" needs no calls.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.organisation-state")]
internal sealed record OrganisationState(
    OrganisationNode? Node,
    ImmutableArray<OrganisationNode> Ancestors,
    ImmutableArray<OrganisationId> Children,
    ImmutableArray<TeamId> Teams)
{
    /// <summary>Where the listing was kept before it had a state of its own; read once to carry it over, never written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    [Id(4)] public ImmutableArray<IncidentMark> Incidents { get; init; }
}

/// <summary>The jurisdiction's incident listing, newest first, stored apart from the organisation so that listing a
/// callout does not rewrite the organisation's teams.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.incident-listing")]
internal sealed record IncidentListing(ImmutableArray<IncidentMark> Marks);

// The grain type is part of every stored row: keep it stable.
[GrainType("organisation")]
internal sealed partial class OrganisationGrain(
    [PersistentState("organisation")] IPersistentState<OrganisationState> state,
    [PersistentState("incident-listing")] IPersistentState<IncidentListing> listing)
    : Grain, IOrganisationGrain
{
    private OrganisationState State => state.State;

    // The organisation exists once its node is set; until then it is an empty shell that may already hold children.
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists) state.State = new OrganisationState(null, [], [], []);
        return Task.CompletedTask;
    }

    public async Task<Outcome<OrganisationView>> Create(OrganisationNode node)
    {
        if (node.Id.Value != this.GetPrimaryKeyString()) return Refusal.Invalid("id", "must match the organisation addressed");
        if (State.Node is { } existing)
        {
            if (existing != node with { Name = node.Name?.Trim() ?? "" })
                return Refusal.Conflict("organisation.exists", $"Organisation {node.Id} already exists with other details.");
            // The retry of a creation that stopped between its write and the listing lists it now.
            if (existing.Parent is null) await ListAsRoot(existing);
            return View(existing);
        }

        var ancestors = ImmutableArray<OrganisationNode>.Empty;
        OrganisationLevel? parentLevel = null;
        if (node.Parent is { } parentId && parentId != node.Id)
        {
            var ladder = await GrainFactory.Organisation(parentId).GetLadder();
            if (ladder.Value is { } found)
            {
                ancestors = found.Nodes;
                parentLevel = found.Nodes[0].Level;
            }
        }
        var errors = node.Validate(parentLevel);
        if (!errors.IsEmpty) return Refusal.Invalid(errors);

        if (node.Parent is { } parent)
        {
            var added = await GrainFactory.Organisation(parent).AddChild(node.Id);
            if (added.Refusal is { } refusal) return refusal;
        }
        state.State = State with { Node = node with { Name = node.Name.Trim() }, Ancestors = ancestors };
        await state.WriteStateAsync();
        if (node.Parent is null) await ListAsRoot(State.Node!);
        return View(State.Node!);
    }

    private Task ListAsRoot(OrganisationNode node) => GrainFactory.GetGrain<IOrganisationRootsGrain>(IOrganisationRootsGrain.Key).Add(node);

    public Task<Outcome<OrganisationView>> Get() =>
        Task.FromResult<Outcome<OrganisationView>>(State.Node is { } node ? View(node) : Missing());

    public Task<Outcome<OrganisationLadder>> GetLadder() =>
        Task.FromResult<Outcome<OrganisationLadder>>(State.Node is { } node ? new OrganisationLadder([node, .. State.Ancestors]) : Missing());

    public Task<bool> IsWithin(OrganisationId jurisdiction) =>
        Task.FromResult(State.Node is { } node && (node.Id == jurisdiction || State.Ancestors.Any(a => a.Id == jurisdiction)));

    public async Task<Outcome> AddChild(OrganisationId child)
    {
        if (State.Node is null) return Missing();
        if (State.Children.Contains(child)) return Outcome.Ok;
        state.State = State with { Children = State.Children.Add(child) };
        await state.WriteStateAsync();
        return Outcome.Ok;
    }

    public async Task<Outcome> AddTeam(TeamId team)
    {
        if (State.Node is null) return Missing();
        if (State.Teams.Contains(team)) return Outcome.Ok;
        state.State = State with { Teams = State.Teams.Add(team) };
        await state.WriteStateAsync();
        return Outcome.Ok;
    }

    public async Task RemoveTeam(TeamId team)
    {
        if (!State.Teams.Contains(team)) return;
        state.State = State with { Teams = State.Teams.Remove(team) };
        await state.WriteStateAsync();
    }

    private OrganisationView View(OrganisationNode node) =>
        new(node, [.. State.Ancestors.Select(a => a.Id)], State.Children, State.Teams);

    private Refusal Missing() => Refusal.NotFound("organisation.not-found", $"Organisation {this.GetPrimaryKeyString()} does not exist.");
}
