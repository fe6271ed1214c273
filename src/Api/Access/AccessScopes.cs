using System.Collections.Immutable;
using Orleans;
using Mobilize.Grains;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Access;

/// <summary>Something a request acts on, named by its kind and id.</summary>
public abstract record Resource
{
    public sealed record Organisation(OrganisationId Id) : Resource;

    public sealed record Team(TeamId Id) : Resource;

    public sealed record Incident(IncidentId Id) : Resource;

    public sealed record Volunteer(VolunteerId Id) : Resource;
}

/// <summary>Where a resource sits in the organisation tree, asked of the grains that know: an incident and a team carry
/// their organisation; a volunteer's record is held by the organisation that registered them and by those of the teams
/// they joined, every one of which they consented to (see <see cref="Mobilize.Grains.Registry.Membership"/>).
/// Unknown resources belong nowhere.</summary>
public sealed class AccessScopes(IGrainFactory grains)
{
    public async Task<ImmutableArray<OrganisationId>> OrganisationsOf(Resource resource) => resource switch
    {
        Resource.Organisation o => [o.Id],
        Resource.Team t => await OrganisationOf(t.Id) is { } organisation ? [organisation] : [],
        Resource.Incident i => (await grains.Incident(i.Id).GetSummary()).Value is { } incident ? [incident.Organisation] : [],
        Resource.Volunteer v => await HoldersOf(v.Id),
        _ => [],
    };

    private async Task<ImmutableArray<OrganisationId>> HoldersOf(VolunteerId volunteer)
    {
        if ((await grains.Volunteer(volunteer).GetProfile()).Value is not { } profile) return [];
        var ofTeams = await Task.WhenAll(profile.Teams.Select(OrganisationOf));
        OrganisationId?[] holders = [profile.RegisteredBy, .. ofTeams];
        return [.. holders.OfType<OrganisationId>().Distinct()];
    }

    /// <summary>True when one of the volunteer's teams lies in <paramref name="jurisdiction"/>: where they serve, which is
    /// what a precise position while on duty is for (the registering organisation alone does not see it).</summary>
    public async Task<bool> HasTeamWithin(VolunteerId volunteer, OrganisationId jurisdiction)
    {
        foreach (var team in await TeamsOf(volunteer))
            if (await OrganisationOf(team) is { } organisation && await grains.Organisation(organisation).IsWithin(jurisdiction))
                return true;
        return false;
    }

    /// <summary>True when the resource lies in <paramref name="jurisdiction"/> or beneath it.</summary>
    public async Task<bool> IsWithin(Resource resource, OrganisationId jurisdiction)
    {
        foreach (var organisation in await OrganisationsOf(resource))
            if (await grains.Organisation(organisation).IsWithin(jurisdiction))
                return true;
        return false;
    }

    public async Task<ImmutableArray<TeamId>> TeamsOf(VolunteerId volunteer) =>
        (await grains.Volunteer(volunteer).GetProfile()).Value?.Teams ?? [];

    public async Task<bool> IsMember(VolunteerId volunteer, TeamId team) =>
        (await grains.Team(team).Get()).Value?.Members.Contains(volunteer) == true;

    private async Task<OrganisationId?> OrganisationOf(TeamId team) => (await grains.Team(team).Get()).Value?.Organisation;
}
