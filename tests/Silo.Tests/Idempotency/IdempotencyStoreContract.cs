using System.Collections.Immutable;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mobilize.Silo.Idempotency;
using Mobilize.Silo.Storage;
using Mobilize.Silo.Tests.Storage;
using Mobilize.TestKit;

namespace Mobilize.Silo.Tests.Idempotency;

/// <summary>What every idempotency journal must do, checked against the real database.</summary>
public abstract class IdempotencyStoreContract : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _opened = [];

    protected ManualTimeProvider Clock { get; } = new();

    protected abstract IIdempotencyStore CreateStore();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var opened in _opened) await opened.DisposeAsync();
    }

    [Fact]
    public async Task records_older_than_the_retention_are_purged_on_the_clock_and_recent_ones_stay_until_they_age()
    {
        var store = await OpenAsync();
        var now = Clock.GetUtcNow();
        await store.SaveAsync(Record("old", "first", now - TimeSpan.FromHours(13)), CancellationToken.None);
        await store.SaveAsync(Record("recent", "first", now - TimeSpan.FromHours(1)), CancellationToken.None);
        var retention = new IdempotencyRetention(store, TimeSpan.FromHours(24), TimeSpan.FromHours(12), Clock, NullLogger<IdempotencyRetention>.Instance);
        await retention.StartAsync(CancellationToken.None);
        try
        {
            var purge = retention.NextPurge;
            Clock.Advance(TimeSpan.FromHours(11));
            Assert.False(purge.IsCompleted);
            Clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, await purge.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Null(await store.FindAsync("scope", "old", CancellationToken.None));
            Assert.NotNull(await store.FindAsync("scope", "recent", CancellationToken.None));

            purge = retention.NextPurge;
            Clock.Advance(TimeSpan.FromHours(12));
            Assert.Equal(1, await purge.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Null(await store.FindAsync("scope", "recent", CancellationToken.None));
        }
        finally
        {
            await retention.StopAsync(CancellationToken.None);
            retention.Dispose();
        }
    }

    [Fact]
    public async Task a_purge_removes_every_expired_record_in_slices_and_keeps_the_rest()
    {
        var store = await OpenAsync();
        var now = Clock.GetUtcNow();
        await Task.WhenAll(Enumerable.Range(0, 2_500).Select(i => store.SaveAsync(Record($"old-{i}", "x", now - TimeSpan.FromDays(2)), CancellationToken.None)));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => store.SaveAsync(Record($"new-{i}", "x", now), CancellationToken.None)));

        Assert.Equal(2_500, await store.PurgeAsync(now - TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Equal(0, await store.PurgeAsync(now - TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Null(await store.FindAsync("scope", "old-1234", CancellationToken.None));
        Assert.NotNull(await store.FindAsync("scope", "new-9", CancellationToken.None));
    }

    [Fact]
    public async Task concurrent_saves_all_land_and_a_key_saved_twice_at_once_returns_the_same_first_response_to_both()
    {
        var store = await OpenAsync();
        var now = Clock.GetUtcNow();
        var saves = Enumerable.Range(0, 300).Select(i => store.SaveAsync(Record($"k-{i}", $"body {i}", now), CancellationToken.None)).ToList();
        var twin1 = store.SaveAsync(Record("twin", "one", now), CancellationToken.None);
        var twin2 = store.SaveAsync(Record("twin", "two", now), CancellationToken.None);
        var stored = await Task.WhenAll(saves);
        var (first, second) = (await twin1, await twin2);

        Assert.All(stored.Select((r, i) => (r, i)), x => Assert.Equal($"body {x.i}", Encoding.UTF8.GetString([.. x.r.Body])));
        Assert.Equal(Encoding.UTF8.GetString([.. first.Body]), Encoding.UTF8.GetString([.. second.Body]));
        var found = await store.FindAsync("scope", "twin", CancellationToken.None);
        Assert.Equal(Encoding.UTF8.GetString([.. first.Body]), Encoding.UTF8.GetString([.. found!.Body]));
        Assert.Equal("body 299", Encoding.UTF8.GetString([.. (await store.FindAsync("scope", "k-299", CancellationToken.None))!.Body]));
    }

    [Fact]
    public async Task a_key_stored_before_wins_over_a_later_save_with_another_body()
    {
        var store = await OpenAsync();
        var now = Clock.GetUtcNow();
        await store.SaveAsync(Record("again", "original", now), CancellationToken.None);
        var second = await store.SaveAsync(Record("again", "different", now + TimeSpan.FromMinutes(1)), CancellationToken.None);
        Assert.Equal("original", Encoding.UTF8.GetString([.. second.Body]));
        Assert.Equal(now, second.CreatedAt);
    }

    private async Task<IIdempotencyStore> OpenAsync()
    {
        var store = CreateStore();
        _opened.Add((IAsyncDisposable)store);
        await store.OpenAsync(CancellationToken.None);
        return store;
    }

    private static IdempotencyRecord Record(string key, string body, DateTimeOffset at) => new(
        "scope", key, [.. Encoding.UTF8.GetBytes(key)], 201,
        [new KeyValuePair<string, string>("Location", $"/api/things/{key}")], [.. Encoding.UTF8.GetBytes(body)], at);
}

public sealed class SqliteIdempotencyStoreTests : IdempotencyStoreContract
{
    private readonly TempFolder _folder = TempFolder.Create();

    protected override IIdempotencyStore CreateStore() =>
        new SqliteIdempotencyStore(Path.Combine(_folder.Path, SqliteGrainStorageOptions.DatabaseFileName), SqliteSynchronousMode.Normal);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}

public sealed class PostgresIdempotencyStoreTests(PostgresSchema schema) : IdempotencyStoreContract, IClassFixture<PostgresSchema>
{
    protected override IIdempotencyStore CreateStore() => new PostgresIdempotencyStore(PostgresSchema.ConnectionString, schema.Name);
}
