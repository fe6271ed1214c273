using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Mobilize.Silo.Tests.Storage;

public abstract partial class GrainStorageContract
{
    [Fact]
    public async Task clear_removes_the_record_and_its_etag()
    {
        var storage = await OpenAsync();
        var state = await WriteNewAsync(storage, Grain("ada"), 1);

        await storage.ClearStateAsync(StateName, Grain("ada"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        // Orleans itself hands the grain a fresh default state after a clear; the provider only forgets the record.
        Assert.False((await ReadAsync(await ReopenAsync(storage), Grain("ada"))).RecordExists);
    }

    [Fact]
    public async Task clear_with_a_stale_etag_is_rejected_and_keeps_the_record()
    {
        var storage = await OpenAsync();
        var current = await WriteNewAsync(storage, Grain("ada"), 1);
        var staleEtag = current.ETag;
        current.State = Volunteers.Sample("ada", 2);
        await storage.WriteStateAsync(StateName, Grain("ada"), current);
        var stale = new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("ada", 1), ETag = staleEtag, RecordExists = true };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain("ada"), stale));

        Assert.True(stale.RecordExists);
        var read = await ReadAsync(storage, Grain("ada"));
        Assert.Equal(current.ETag, read.ETag);
        Assert.Equal(2, read.State.Revision);
    }

    [Fact]
    public async Task clear_without_an_etag_is_rejected_when_a_record_exists()
    {
        var storage = await OpenAsync();
        await WriteNewAsync(storage, Grain("ada"), 1);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain("ada"), new TestGrainState<VolunteerRecord>()));

        Assert.True((await ReadAsync(storage, Grain("ada"))).RecordExists);
    }

    [Fact]
    public async Task an_etag_from_before_a_clear_is_rejected_once_the_record_is_written_again()
    {
        var storage = await OpenAsync();
        var first = await WriteNewAsync(storage, Grain("ada"), 1);
        var before = new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("ada", 50), ETag = first.ETag, RecordExists = true };
        await storage.ClearStateAsync(StateName, Grain("ada"), first);
        var again = await WriteNewAsync(storage, Grain("ada"), 2);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain("ada"), before));

        Assert.NotEqual(before.ETag, again.ETag);
        Assert.Equal(2, (await ReadAsync(storage, Grain("ada"))).State.Revision);
    }

    [Fact]
    public async Task a_thousand_writes_from_two_hundred_concurrent_grains_all_land_in_fewer_transactions()
    {
        var storage = await OpenAsync();
        var (batches, operations) = (storage.CommittedBatches, storage.CommittedOperations);
        var grains = Enumerable.Range(0, 200).Select(i => Grain($"v{i:D3}")).ToArray();

        // A grain writes one turn at a time; the concurrency is across grains, as in the silo.
        await Task.WhenAll(grains.Select(async grain =>
        {
            var state = new TestGrainState<VolunteerRecord>();
            for (var revision = 1; revision <= 5; revision++)
            {
                state.State = Volunteers.Sample(grain.Key.ToString()!, revision);
                await storage.WriteStateAsync(StateName, grain, state);
            }
        }));

        Assert.Equal(1000, storage.CommittedOperations - operations);
        Assert.InRange(storage.CommittedBatches - batches, 1, 999);
        var reopened = await ReopenAsync(storage);
        var scanned = await reopened.ScanAsync<VolunteerRecord>(GrainType, StateName).ToListAsync();
        Assert.Equal(grains.Select(g => g.Key.ToString()), scanned.Select(s => s.GrainKey).Order());
        foreach (var grain in grains)
            Volunteers.AssertSame(Volunteers.Sample(grain.Key.ToString()!, 5), (await ReadAsync(reopened, grain)).State);
    }

    [Fact]
    public async Task a_conflict_in_one_item_of_a_batch_fails_only_that_item()
    {
        var storage = await OpenAsync();
        var blocker = await WriteNewAsync(storage, Grain("blocker"), 1);
        var stale = await WriteNewAsync(storage, Grain("stale"), 1);
        var staleEtag = stale.ETag;
        stale.State = Volunteers.Sample("stale", 2);
        await storage.WriteStateAsync(StateName, Grain("stale"), stale);
        var batches = storage.CommittedBatches;

        Task blockerWrite, conflicting;
        Task[] others;
        await using (await HoldWriteLockAsync(Grain("blocker")))
        {
            // The writer stalls on the blocker's batch, so everything queued meanwhile waits; at most two
            // batches follow, and the conflicting write, queued between valid ones, shares one with them.
            blocker.State = Volunteers.Sample("blocker", 2);
            blockerWrite = storage.WriteStateAsync(StateName, Grain("blocker"), blocker);
            var before = Enumerable.Range(0, 25).Select(i => WriteNewAsync(storage, Grain($"a{i:D2}"), 1)).ToArray();
            conflicting = storage.WriteStateAsync(StateName, Grain("stale"),
                new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("stale", 99), ETag = staleEtag, RecordExists = true });
            var after = Enumerable.Range(0, 25).Select(i => WriteNewAsync(storage, Grain($"b{i:D2}"), 1)).ToArray();
            others = [blockerWrite, .. before, .. after];
            Assert.All(others.Append(conflicting), task => Assert.False(task.IsCompleted, "nothing is acknowledged before it commits"));
        }

        await Task.WhenAll(others);
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);
        Assert.InRange(storage.CommittedBatches - batches, 1, 2);
        var reopened = await ReopenAsync(storage);
        var scanned = await reopened.ScanAsync<VolunteerRecord>(GrainType, StateName).ToListAsync();
        Assert.Equal(52, scanned.Count);
        Assert.Equal(2, scanned.Single(s => s.GrainKey == "stale").State.Revision);
        Assert.Equal(2, scanned.Single(s => s.GrainKey == "blocker").State.Revision);
    }

    [Fact]
    public async Task scan_returns_every_record_of_a_grain_type_and_none_of_another()
    {
        var storage = await OpenAsync();
        var otherType = GrainId.Create($"Team{Guid.NewGuid():N}", "t0");
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => WriteNewAsync(storage, Grain($"v{i:D2}"), i)));
        await storage.WriteStateAsync(StateName, otherType, new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("t0", 1) });
        await storage.WriteStateAsync("other-state", Grain("v00"), new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("x", 1) });

        var scanned = await storage.ScanAsync<VolunteerRecord>(GrainType, StateName).ToListAsync();

        Assert.Equal(30, scanned.Count);
        Assert.DoesNotContain(scanned, s => s.GrainKey == "t0");
        foreach (var record in scanned)
        {
            var read = await ReadAsync(storage, Grain(record.GrainKey));
            Assert.Equal(read.ETag, record.ETag);
            Volunteers.AssertSame(read.State, record.State);
        }
    }

    [Fact]
    public async Task close_commits_every_pending_write_before_it_returns()
    {
        var storage = await OpenAsync();
        var writes = Enumerable.Range(0, 100).Select(i => WriteNewAsync(storage, Grain($"v{i:D3}"), 1)).ToArray();

        await storage.CloseAsync(CancellationToken.None);

        // Closed means the writer's connection is gone: a write it had not committed could no longer succeed.
        await Task.WhenAll(writes);
        var reopened = await OpenAsync();
        Assert.Equal(100, await reopened.ScanAsync<VolunteerRecord>(GrainType, StateName).CountAsync());
    }

    [Fact]
    public async Task writes_after_close_are_refused()
    {
        var storage = await OpenAsync();
        await storage.CloseAsync(CancellationToken.None);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => WriteNewAsync(storage, Grain("ada"), 1));
    }
}
