using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Silo.Storage;

namespace Mobilize.Silo.Tests.Storage;

/// <summary>What every durable provider must do, run once per provider by the concrete subclasses.
/// Each test writes under its own grain type, so it owns its rows even where a class shares a schema.</summary>
public abstract partial class GrainStorageContract : IAsyncLifetime
{
    protected const string StateName = "profile";

    private readonly List<GroupCommitGrainStorage> _providers = [];

    protected string GrainType { get; } = $"Volunteer{Guid.NewGuid():N}";

    /// <summary>A new provider instance over this test's store (same file, same schema), not yet opened.</summary>
    protected abstract GroupCommitGrainStorage CreateProvider();

    /// <summary>Holds, from another connection, a lock that stops the provider's writer from committing
    /// anything that touches <paramref name="grain"/> (whose record exists) until disposed.</summary>
    protected abstract Task<IAsyncDisposable> HoldWriteLockAsync(GrainId grain);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var provider in _providers)
            await provider.DisposeAsync();
    }

    protected async Task<GroupCommitGrainStorage> OpenAsync()
    {
        var provider = CreateProvider();
        _providers.Add(provider);
        await provider.OpenAsync(CancellationToken.None);
        return provider;
    }

    /// <summary>Closes the provider and opens a new instance over the same store: a silo restart, at storage level.</summary>
    protected async Task<GroupCommitGrainStorage> ReopenAsync(GroupCommitGrainStorage provider)
    {
        await provider.CloseAsync(CancellationToken.None);
        return await OpenAsync();
    }

    protected GrainId Grain(string key) => GrainId.Create(GrainType, key);

    protected static async Task<TestGrainState<VolunteerRecord>> ReadAsync(IGrainStorage storage, GrainId grain)
    {
        var state = new TestGrainState<VolunteerRecord>();
        await storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    protected static async Task<TestGrainState<VolunteerRecord>> WriteNewAsync(IGrainStorage storage, GrainId grain, int revision)
    {
        var state = new TestGrainState<VolunteerRecord> { State = Volunteers.Sample(grain.Key.ToString()!, revision) };
        await storage.WriteStateAsync(StateName, grain, state);
        return state;
    }

    [Fact]
    public async Task record_with_immutable_collections_round_trips()
    {
        var storage = await OpenAsync();
        var written = await WriteNewAsync(storage, Grain("ada"), 1);

        var read = await ReadAsync(storage, Grain("ada"));

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Volunteers.AssertSame(Volunteers.Sample("ada", 1), read.State);
    }

    [Fact]
    public async Task state_survives_closing_and_reopening_the_provider()
    {
        var storage = await OpenAsync();
        var written = await WriteNewAsync(storage, Grain("ada"), 3);

        var reopened = await ReopenAsync(storage);
        var read = await ReadAsync(reopened, Grain("ada"));

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Volunteers.AssertSame(Volunteers.Sample("ada", 3), read.State);
        read.State = Volunteers.Sample("ada", 4);
        await reopened.WriteStateAsync(StateName, Grain("ada"), read);
        Assert.NotEqual(written.ETag, read.ETag);
    }

    [Fact]
    public async Task write_sets_a_new_etag_and_marks_the_record_as_existing()
    {
        var storage = await OpenAsync();
        var state = new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("ada", 1) };

        await storage.WriteStateAsync(StateName, Grain("ada"), state);
        var first = state.ETag;
        await storage.WriteStateAsync(StateName, Grain("ada"), state);

        Assert.True(state.RecordExists);
        Assert.NotNull(first);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(first, state.ETag);
    }

    [Fact]
    public async Task stale_etag_write_is_rejected_and_changes_nothing()
    {
        var storage = await OpenAsync();
        var current = await WriteNewAsync(storage, Grain("ada"), 1);
        var staleEtag = current.ETag;
        current.State = Volunteers.Sample("ada", 2);
        await storage.WriteStateAsync(StateName, Grain("ada"), current);
        var stale = new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("ada", 99), ETag = staleEtag, RecordExists = true };

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain("ada"), stale));

        Assert.Equal(current.ETag, error.StoredEtag);
        Assert.Equal(staleEtag, error.CurrentEtag);
        Assert.Equal(staleEtag, stale.ETag);
        var read = await ReadAsync(await ReopenAsync(storage), Grain("ada"));
        Assert.Equal(current.ETag, read.ETag);
        Volunteers.AssertSame(Volunteers.Sample("ada", 2), read.State);
    }

    [Fact]
    public async Task first_write_with_an_etag_on_a_missing_record_is_rejected()
    {
        var storage = await OpenAsync();
        var state = new TestGrainState<VolunteerRecord> { State = Volunteers.Sample("ada", 1), ETag = "1", RecordExists = true };

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain("ada"), state));

        Assert.Null(error.StoredEtag);
        Assert.False((await ReadAsync(storage, Grain("ada"))).RecordExists);
    }

    [Fact]
    public async Task write_without_an_etag_over_an_existing_record_is_rejected()
    {
        var storage = await OpenAsync();
        var existing = await WriteNewAsync(storage, Grain("ada"), 1);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteNewAsync(storage, Grain("ada"), 2));

        var read = await ReadAsync(storage, Grain("ada"));
        Assert.Equal(existing.ETag, read.ETag);
        Assert.Equal(1, read.State.Revision);
    }

    [Fact]
    public async Task an_etag_that_is_not_a_version_is_rejected()
    {
        var storage = await OpenAsync();
        var state = await WriteNewAsync(storage, Grain("ada"), 1);
        state.ETag = "W/\"not-ours\"";

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain("ada"), state));

        Assert.Equal(1, (await ReadAsync(storage, Grain("ada"))).State.Revision);
    }

    [Fact]
    public async Task read_of_a_missing_record_reports_no_record_and_leaves_the_state_as_is()
    {
        var storage = await OpenAsync();
        var initial = Volunteers.Sample("ada", 7);
        var state = new TestGrainState<VolunteerRecord> { State = initial, ETag = "42", RecordExists = true };

        await storage.ReadStateAsync(StateName, Grain("ada"), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Same(initial, state.State);
    }
}
