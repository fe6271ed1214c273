using Microsoft.AspNetCore.SignalR;
using Mobilize.Api.Access;
using Mobilize.Grains;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Realtime;

/// <summary>The command dashboard's connection: it joins an organisation's stream (its jurisdiction) and the streams of
/// the incidents it watches; <see cref="LiveFeedBridge"/> does the pushing. Administrators may join any stream;
/// commanders and observers only their jurisdiction's organisations and incidents.</summary>
public sealed class CommandHub(IGrainFactory grains, AccessScopes scopes) : Hub<ICommandClient>
{
    /// <summary>Joins the organisation's stream and returns its sequence so far, the point to catch up from.</summary>
    public async Task<long> JoinOrganisation(string organisationId)
    {
        var organisation = Parse<OrganisationId>(organisationId);
        await Require(new Resource.Organisation(organisation));
        return await Join(FeedStream.Of(organisation));
    }

    public async Task<long> JoinIncident(string incidentId)
    {
        var incident = Parse<IncidentId>(incidentId);
        await Require(new Resource.Incident(incident));
        return await Join(FeedStream.Of(incident));
    }

    /// <summary>Joins many incidents' streams in one call and returns each one's sequence so far, in the order asked: a
    /// dashboard opening on a jurisdiction's hundreds of incidents (or reconnecting) makes one call, not hundreds.</summary>
    public async Task<long[]> JoinIncidents(string[] incidentIds)
    {
        if (incidentIds is null || incidentIds.Length > MaxIncidentsPerJoin)
            throw new HubException($"Name between 0 and {MaxIncidentsPerJoin} incidents.");
        var incidents = incidentIds.Select(Parse<IncidentId>).ToArray();
        // Every one is checked before any is joined: a list with one incident outside the jurisdiction joins none.
        await Task.WhenAll(incidents.Select(incident => Require(new Resource.Incident(incident))));
        return await Task.WhenAll(incidents.Select(incident => Join(FeedStream.Of(incident))));
    }

    /// <summary>As many as an organisation's incident list holds.</summary>
    public const int MaxIncidentsPerJoin = OrganisationIncidents.Kept;

    public Task LeaveIncident(string incidentId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, FeedStream.Of(Parse<IncidentId>(incidentId)).ToString());

    public async Task<CatchUpResult> CatchUp(string stream, long afterSequence)
    {
        if (!FeedStream.TryParse(stream, out var parsed) || parsed.Kind == FeedStreamKind.Volunteer)
            throw new HubException($"'{stream}' is not an incident or organisation stream.");
        await Require(parsed.Kind == FeedStreamKind.Incident
            ? new Resource.Incident(Parse<IncidentId>(parsed.Key))
            : new Resource.Organisation(Parse<OrganisationId>(parsed.Key)));
        return CatchUpResult.From(await grains.FeedStream(parsed).Replay(Math.Max(0, afterSequence)), CatchUpResult.HubPage);
    }

    private async Task Require(Resource resource)
    {
        if (Caller.From(Context.User!) is not { } caller) throw new HubException("Sign in first.");
        if (caller.IsAdministrator) return;
        if (caller.Role is Roles.Commander or Roles.Observer && caller.Organisation is { } jurisdiction
            && await scopes.IsWithin(resource, jurisdiction))
            return;
        throw new HubException("That stream is outside your jurisdiction.");
    }

    private async Task<long> Join(FeedStream stream)
    {
        // Sequence read before joining: an event landing in between is then both pushed and replayed, never missed.
        var last = await grains.FeedStream(stream).LastSequence();
        await Groups.AddToGroupAsync(Context.ConnectionId, stream.ToString());
        return last;
    }

    private static TId Parse<TId>(string? id) where TId : struct, ITypedId<TId> =>
        TypedId.TryParse<TId>(id, out var parsed) ? parsed : throw new HubException($"'{id}' is not a valid id.");
}
