using Microsoft.AspNetCore.SignalR;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Realtime;

/// <summary>A volunteer's phone: one connection, one stream, the volunteer's own offers and answers.</summary>
public sealed class VolunteerHub(ILiveFeed feed) : Hub<IVolunteerClient>
{
    public const string VolunteerQueryKey = "volunteerId";

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, OwnStream().ToString());
        await base.OnConnectedAsync();
    }

    /// <summary>The stream's sequence so far, for a page that has just loaded its snapshot over REST.</summary>
    public long LastSequence() => feed.LastSequence(OwnStream());

    /// <summary>The volunteer's own events after <paramref name="afterSequence"/>; a volunteer can name no other stream.</summary>
    public CatchUpResult CatchUp(long afterSequence) => CatchUpResult.From(feed.Replay(OwnStream(), Math.Max(0, afterSequence)));

    /// <remarks>AUTH SEAM: the volunteer is whoever the query string names, so anyone can listen as anyone. The auth work
    /// replaces this with <c>Context.UserIdentifier</c> from the JWT (and rejects the connection without one).</remarks>
    private FeedStream OwnStream()
    {
        var id = Context.GetHttpContext()?.Request.Query[VolunteerQueryKey].ToString();
        return VolunteerId.TryParse(id, out var volunteer)
            ? FeedStream.Of(volunteer)
            : throw new HubException($"Connect with ?{VolunteerQueryKey}=… until sign-in exists.");
    }
}
