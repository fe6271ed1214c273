using Mobilize.Grains.Notifications;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

// Standby alerts: published on each member's own stream, so phones get them with the same numbering and catch-up as offers.
internal sealed partial class TeamGrain
{
    public Task<Outcome<AlertReceipt>> Alert(StandbyAlert alert)
    {
        if (state.Stored() is not { } s) return Task.FromResult<Outcome<AlertReceipt>>(Missing());
        var errors = alert.Validate();
        if (!errors.IsEmpty) return Task.FromResult<Outcome<AlertReceipt>>(Refusal.Invalid(errors));

        var now = time.GetUtcNow();
        feed.Publish(new LiveEventDraft([.. s.Members.Keys.Select(FeedStream.Of)], now, LiveEventKinds.Alert, Team: Id,
            Detail: alert.Message.Trim(), Level: alert.Level.ToString()));
        return Task.FromResult<Outcome<AlertReceipt>>(new AlertReceipt(Id, alert.Level, s.Members.Count, now));
    }
}
