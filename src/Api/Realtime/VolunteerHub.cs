using Microsoft.AspNetCore.SignalR;
using Mobilize.Api.Access;
using Mobilize.Grains;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Realtime;

/// <summary>A volunteer's phone: one connection, one stream, the volunteer's own offers and answers. Who the volunteer is
/// comes from the token (<see cref="Policies.Volunteer"/>), never from anything the client names.</summary>
public sealed class VolunteerHub(IGrainFactory grains) : Hub<IVolunteerClient>
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, OwnStream().ToString());
        await base.OnConnectedAsync();
    }

    /// <summary>The stream's sequence so far, for a page that has just loaded its snapshot over REST.</summary>
    public Task<long> LastSequence() => grains.FeedStream(OwnStream()).LastSequence();

    /// <summary>The volunteer's own events after <paramref name="afterSequence"/>; a volunteer can name no other stream.</summary>
    public async Task<CatchUpResult> CatchUp(long afterSequence) =>
        CatchUpResult.From(await grains.FeedStream(OwnStream()).Replay(Math.Max(0, afterSequence)), CatchUpResult.HubPage);

    private FeedStream OwnStream() =>
        VolunteerId.TryParse(Context.UserIdentifier, out var volunteer)
            ? FeedStream.Of(volunteer)
            : throw new HubException("This connection's token names no volunteer.");
}
