using Mobilize.Grains;
using Mobilize.Grains.Notifications;
using Orleans;

namespace Mobilize.TestKit;

public static class FeedReads
{
    /// <summary>The stream's replay once <paramref name="done"/> holds. Publishing returns before the stream's grain has
    /// the event, so a read made at once may come first; this waits (bounded) instead of racing.</summary>
    public static async Task<FeedReplay> ReplayWhen(this IGrainFactory grains, FeedStream stream, Func<FeedReplay, bool> done,
        long afterSequence = 0, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var replay = await grains.FeedStream(stream).Replay(afterSequence);
            if (done(replay)) return replay;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"{stream} never got there: it holds {string.Join(", ", replay.Events.Select(e => $"#{e.Sequence} {e.Kind}"))}");
            await Task.Delay(10);
        }
    }

    /// <summary>The stream's replay once it has reached <paramref name="sequence"/>.</summary>
    public static Task<FeedReplay> ReplayThrough(this IGrainFactory grains, FeedStream stream, long sequence) =>
        grains.ReplayWhen(stream, r => r.LastSequence >= sequence);
}
