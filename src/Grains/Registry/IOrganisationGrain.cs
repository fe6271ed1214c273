using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>One node of the four-level organisation tree (keyed by <see cref="OrganisationId"/>): its children, its teams, its jurisdiction.</summary>
[Alias("mobilize.registry.organisation-grain")]
public interface IOrganisationGrain : IGrainWithStringKey
{
    /// <summary>Creates the node, validated against its parent's level; the same node again is answered as before.</summary>
    [Alias("Create")]
    Task<Outcome<OrganisationView>> Create(OrganisationNode node);

    [ReadOnly]
    [Alias("Get")]
    Task<Outcome<OrganisationView>> Get();

    /// <summary>This organisation, then its parent, up to the city.</summary>
    [ReadOnly]
    [Alias("GetLadder")]
    Task<Outcome<OrganisationLadder>> GetLadder();

    /// <summary>True when this organisation is <paramref name="jurisdiction"/> or lies beneath it.</summary>
    [ReadOnly]
    [Alias("IsWithin")]
    Task<bool> IsWithin(OrganisationId jurisdiction);

    /// <summary>Incidents opened here or anywhere beneath, newest first by opening time (the most recent <see cref="OrganisationIncidents.Kept"/>).</summary>
    [ReadOnly]
    [Alias("GetIncidents")]
    Task<ImmutableArray<IncidentMark>> GetIncidents();

    // Called by child organisations, teams and incidents.

    /// <summary>Records an incident opened in this jurisdiction; the same incident again changes nothing.</summary>
    [Alias("NoteIncident")]
    Task NoteIncident(IncidentMark incident);

    /// <summary>Merges incidents start-up recovery found in storage into the listing and stores it before answering.</summary>
    [Alias("Relist")]
    Task Relist(ImmutableArray<IncidentMark> incidents);

    [Alias("AddChild")]
    Task<Outcome> AddChild(OrganisationId child);

    [Alias("AddTeam")]
    Task<Outcome> AddTeam(TeamId team);

    [Alias("RemoveTeam")]
    Task RemoveTeam(TeamId team);
}

/// <summary>An incident as its jurisdiction lists it.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.incident-mark")]
public sealed record IncidentMark(IncidentId Incident, OrganisationId OpenedBy, bool Exercise, DateTimeOffset OpenedAt);

public static class OrganisationIncidents
{
    /// <summary>How many incidents a jurisdiction keeps listed; older ones stay readable by id.</summary>
    public const int Kept = 500;
}

/// <summary>An organisation with its place in the tree.</summary>
/// <param name="Ancestors">Nearest first: parent, grandparent, …, city.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.organisation-view")]
public sealed record OrganisationView(
    OrganisationNode Node,
    ImmutableArray<OrganisationId> Ancestors,
    ImmutableArray<OrganisationId> Children,
    ImmutableArray<TeamId> Teams);

/// <summary>The chain from an organisation up to its city, nearest first (the organisation itself included).</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.organisation-ladder")]
public sealed record OrganisationLadder(ImmutableArray<OrganisationNode> Nodes)
{
    public bool Contains(OrganisationId organisation) => Nodes.Any(n => n.Id == organisation);
}
