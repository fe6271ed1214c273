using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

// Members' moves reach the dispatch directory coalesced: a team of five whose phones all report within a second
// rebuilds its card and index entry twice rather than five times, and never leaves the directory behind for longer
// than the window.
internal sealed partial class TeamGrain
{
    private IGrainTimer? _moveFlush;
    private bool _moveWindowOpen;
    private bool _moveHeld;

    public Task MemberMoved(VolunteerId volunteer, long version, LocationReport location)
    {
        // Ignores a move older than the card the team holds, and a volunteer who has left.
        if (state.Stored() is { } s && s.Members.TryGetValue(volunteer, out var known) && known.Version < version)
        {
            var moved = known with { Version = version, Readiness = known.Readiness with { LastLocation = location } };
            state.State = s with { Members = s.Members.SetItem(volunteer, moved) };
            PublishMove();
        }
        return Task.CompletedTask;
    }

    private void PublishMove()
    {
        var window = options.Value.MoveCoalescingWindow;
        if (window <= TimeSpan.Zero)
        {
            Publish(state.State!);
            return;
        }
        if (_moveWindowOpen)
        {
            _moveHeld = true;
            return;
        }
        Publish(state.State!);
        OpenMoveWindow(window);
    }

    private Task FlushMoves(CancellationToken cancellationToken)
    {
        if (_moveHeld && state.Stored() is { } s)
        {
            Publish(s);
            _moveHeld = false;
            // Keep the window open while moves keep coming, so a steady stream costs one update per window.
            OpenMoveWindow(options.Value.MoveCoalescingWindow);
        }
        else
        {
            _moveWindowOpen = false;
        }
        return Task.CompletedTask;
    }

    private void OpenMoveWindow(TimeSpan window)
    {
        _moveWindowOpen = true;
        // Timers do not keep an activation alive; a held move is also flushed on deactivation.
        if (_moveFlush is null) _moveFlush = this.RegisterGrainTimer(FlushMoves, window, Timeout.InfiniteTimeSpan);
        else _moveFlush.Change(window, Timeout.InfiniteTimeSpan);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_moveHeld && state.Stored() is { } s) Publish(s);
        _moveHeld = false;
        return Task.CompletedTask;
    }
}
