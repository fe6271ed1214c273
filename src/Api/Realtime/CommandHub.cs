using Microsoft.AspNetCore.SignalR;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Realtime;

/// <summary>The command dashboard's connection: it joins an organisation's stream (its jurisdiction) and the streams of
/// the incidents it watches; <see cref="LiveFeedBridge"/> does the pushing.</summary>
/// <remarks>AUTH SEAM: until roles exist anyone may join any organisation or incident. The auth work checks here that
/// the caller commands <c>organisationId</c> (or an ancestor) and that the incident lies in that jurisdiction.</remarks>
public sealed class CommandHub(ILiveFeed feed) : Hub<ICommandClient>
{
    /// <summary>Joins the organisation's stream and returns its sequence so far, the point to catch up from.</summary>
    public Task<long> JoinOrganisation(string organisationId) => Join(FeedStream.Of(Parse<OrganisationId>(organisationId)));

    public Task<long> JoinIncident(string incidentId) => Join(FeedStream.Of(Parse<IncidentId>(incidentId)));

    public Task LeaveIncident(string incidentId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, FeedStream.Of(Parse<IncidentId>(incidentId)).ToString());

    public CatchUpResult CatchUp(string stream, long afterSequence)
    {
        if (!StreamNames.TryParse(stream, out var parsed) || parsed.Kind == FeedStreamKind.Volunteer)
            throw new HubException($"'{stream}' is not an incident or organisation stream.");
        return CatchUpResult.From(feed.Replay(parsed, Math.Max(0, afterSequence)));
    }

    private async Task<long> Join(FeedStream stream)
    {
        // Sequence read before joining: an event landing in between is then both pushed and replayed, never missed.
        var last = feed.LastSequence(stream);
        await Groups.AddToGroupAsync(Context.ConnectionId, stream.ToString());
        return last;
    }

    private static TId Parse<TId>(string? id) where TId : struct, ITypedId<TId> =>
        TypedId.TryParse<TId>(id, out var parsed) ? parsed : throw new HubException($"'{id}' is not a valid id.");
}
