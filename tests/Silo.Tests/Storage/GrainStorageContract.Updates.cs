using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Mobilize.Silo.Tests.Storage;

public abstract partial class GrainStorageContract
{
    [Fact]
    public async Task a_stale_update_among_many_updates_of_one_batch_fails_only_that_update_and_the_others_get_working_etags()
    {
        var storage = await OpenAsync();
        var blocker = await WriteNewAsync(storage, Grain("blocker"), 1);
        var grains = Enumerable.Range(0, 30).Select(i => Grain($"u{i:D2}")).ToArray();
        var states = new List<TestGrainState<VolunteerRecord>>();
        foreach (var grain in grains) states.Add(await WriteNewAsync(storage, grain, 1));
        var stale = await WriteNewAsync(storage, Grain("stale"), 1);
        var staleEtag = stale.ETag;
        stale.State = Volunteers.Sample("stale", 2);
        await storage.WriteStateAsync(StateName, Grain("stale"), stale);
        var batches = storage.CommittedBatches;

        Task conflicting;
        Task[] updates;
        await using (await HoldWriteLockAsync(Grain("blocker")))
        {
            // Everything queued while the writer waits on the blocker goes in at most two batches, the stale update among them.
            blocker.State = Volunteers.Sample("blocker", 2);
            var blockerWrite = storage.WriteStateAsync(StateName, Grain("blocker"), blocker);
            var before = grains.Take(15).Select((g, i) => Update(storage, g, states[i], 2)).ToArray();
            conflicting = storage.WriteStateAsync(StateName, Grain("stale"),
                new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("stale", 99), ETag = staleEtag, RecordExists = true });
            var after = grains.Skip(15).Select((g, i) => Update(storage, g, states[15 + i], 2)).ToArray();
            updates = [blockerWrite, .. before, .. after];
        }

        await Task.WhenAll(updates);
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        Assert.InRange(storage.CommittedBatches - batches, 1, 2);
        // Each update got its own record's new ETag back: a further update with it succeeds.
        await Task.WhenAll(grains.Select((g, i) => Update(storage, g, states[i], 3)));
        var reopened = await ReopenAsync(storage);
        foreach (var (grain, state) in grains.Zip(states))
        {
            var read = await ReadAsync(reopened, grain);
            Assert.Equal(3, read.State.Revision);
            Assert.Equal(state.ETag, read.ETag);
        }
        Assert.Equal(2, (await ReadAsync(reopened, Grain("stale"))).State.Revision);
    }

    private static Task Update(IGrainStorage storage, GrainId grain, TestGrainState<VolunteerRecord> state, int revision)
    {
        state.State = Volunteers.Sample(grain.Key.ToString()!, revision);
        return storage.WriteStateAsync(StateName, grain, state);
    }
}
