using System.Collections.Immutable;

namespace Mobilize.Grains.Notifications;

/// <param name="Last">The last number handed out, written when the stream's activation ends in good order.</param>
/// <param name="ReservedThrough">Numbers up to here may have been handed out by a live activation: one that starts
/// after a crash continues above it, so no number ever means two events.</param>
[GenerateSerializer, Immutable, Alias("mobilize.notifications.feed-numbering")]
internal sealed record FeedNumbering(long Last, long ReservedThrough);

// Kept an hour idle: a page that was away (a phone in a tunnel) catches up from the buffer instead of reloading.
[GrainType("feed-stream"), CollectionAgeLimit(Minutes = 60)]
internal sealed class FeedStreamGrain(
    [PersistentState(FeedStreamGrain.StateName)] IPersistentState<FeedNumbering> state,
    ILiveFeedRelay relay) : Grain, IFeedStreamGrain
{
    public const string StateName = "feed-stream";
    public const int BufferPerStream = 256;

    /// <summary>Numbers reserved per write: a crashed activation skips at most this many, and a busy stream pays one
    /// write per this many events instead of one per event.</summary>
    public const int ReservationBlock = 1024;

    private FeedBuffer _buffer = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!FeedStream.TryParse(this.GetPrimaryKeyString(), out var stream))
            throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not a feed stream name.");
        var stored = state.Stored();
        _buffer = new FeedBuffer(stream, stored is null ? 0 : Math.Max(stored.Last, stored.ReservedThrough), BufferPerStream);
        return Task.CompletedTask;
    }

    public async Task Publish(ImmutableArray<LiveEventDraft> drafts)
    {
        if (_buffer.Last + drafts.Length > (state.Stored()?.ReservedThrough ?? 0))
        {
            // Reserved before the numbers are used, so the reservation is durable before any client can see one.
            state.State = new FeedNumbering(_buffer.Last, _buffer.Last + Math.Max(ReservationBlock, drafts.Length));
            await state.WriteStateAsync();
        }
        foreach (var draft in drafts) relay.Push(_buffer.Append(draft));
    }

    public Task<FeedReplay> Replay(long afterSequence) => Task.FromResult(_buffer.Replay(afterSequence));

    public Task<long> LastSequence() => Task.FromResult(_buffer.Last);

    // An orderly end (idle, a drained silo) hands the exact number on, so the next activation continues without a gap
    // and a page that saw every event need not reload.
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!state.RecordExists || state.State.Last == _buffer.Last && state.State.ReservedThrough == _buffer.Last) return;
        state.State = new FeedNumbering(_buffer.Last, _buffer.Last);
        await state.WriteStateAsync(cancellationToken);
    }
}
