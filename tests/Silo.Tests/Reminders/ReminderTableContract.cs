using Orleans;
using Orleans.Runtime;
using Mobilize.Silo.Reminders;

namespace Mobilize.Silo.Tests.Reminders;

/// <summary>What Orleans' reminder service needs of a table, run once per store by the concrete subclasses. Each test
/// works under a service id of its own, so it owns its rows even where a class shares a schema.</summary>
public abstract class ReminderTableContract : IAsyncLifetime
{
    private readonly List<SqlReminderTable> _tables = [];

    protected string ServiceId { get; } = $"test-{Guid.NewGuid():N}";

    /// <summary>A new table instance over this test's store (same file, same schema), not yet started.</summary>
    protected abstract SqlReminderTable CreateTable(string serviceId);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var table in _tables)
            if (table is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }

    protected async Task<SqlReminderTable> StartAsync(string? serviceId = null)
    {
        var table = CreateTable(serviceId ?? ServiceId);
        _tables.Add(table);
        await table.StartAsync();
        return table;
    }

    private static readonly DateTime Start = new(2026, 7, 20, 8, 0, 0, 123, DateTimeKind.Utc);

    protected static ReminderEntry Entry(GrainId grain, string name = "deadline", int minutes = 1) => new()
    {
        GrainId = grain,
        ReminderName = name,
        // A tick below a millisecond, so a store that rounds shows it.
        StartAt = Start.AddTicks(7),
        Period = TimeSpan.FromMinutes(minutes),
    };

    /// <summary>Upserts, checking the table answered with an ETag (Orleans' contract lets a table answer null on a race).</summary>
    protected static async Task<string> UpsertAsync(SqlReminderTable table, ReminderEntry entry) =>
        await table.UpsertRow(entry) ?? throw new InvalidOperationException("The upsert returned no ETag.");

    protected static GrainId Incident(string key) => GrainId.Create("incident", key);

    [Fact]
    public async Task an_upserted_row_reads_back_exactly_with_the_etag_the_upsert_returned()
    {
        var table = await StartAsync();
        var grain = Incident("flood-1");

        var etag = await UpsertAsync(table, Entry(grain));

        var row = await table.ReadRow(grain, "deadline");
        Assert.NotNull(row);
        Assert.Equal((grain, "deadline", Start.AddTicks(7), TimeSpan.FromMinutes(1), etag), (row.GrainId, row.ReminderName, row.StartAt, row.Period, row.ETag));
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
    }

    [Fact]
    public async Task a_missing_row_reads_as_null_and_a_grain_without_rows_as_none()
    {
        var table = await StartAsync();

        Assert.Null(await table.ReadRow(Incident("nothing"), "deadline"));
        Assert.Empty((await table.ReadRows(Incident("nothing"))).Reminders);
    }

    [Fact]
    public async Task reading_by_grain_returns_that_grains_reminders_only()
    {
        var table = await StartAsync();
        await UpsertAsync(table, Entry(Incident("a"), "deadline"));
        await UpsertAsync(table, Entry(Incident("a"), "report"));
        await UpsertAsync(table, Entry(Incident("b"), "deadline"));

        var rows = (await table.ReadRows(Incident("a"))).Reminders;

        Assert.Equal(["deadline", "report"], rows.Select(r => r.ReminderName).Order());
        Assert.All(rows, r => Assert.Equal(Incident("a"), r.GrainId));
    }

    [Fact]
    public async Task upserting_again_replaces_the_row_and_gives_it_a_new_etag()
    {
        var table = await StartAsync();
        var grain = Incident("flood-2");
        var first = await UpsertAsync(table, Entry(grain, minutes: 1));

        var second = await UpsertAsync(table, Entry(grain, minutes: 5));

        Assert.NotEqual(first, second);
        var row = Assert.Single((await table.ReadRows(grain)).Reminders);
        Assert.Equal((TimeSpan.FromMinutes(5), second), (row.Period, row.ETag));
    }

    [Fact]
    public async Task removing_with_a_stale_etag_is_refused_and_keeps_the_row()
    {
        var table = await StartAsync();
        var grain = Incident("flood-3");
        var stale = await UpsertAsync(table, Entry(grain));
        var current = await UpsertAsync(table, Entry(grain));

        Assert.False(await table.RemoveRow(grain, "deadline", stale));
        Assert.NotNull(await table.ReadRow(grain, "deadline"));

        Assert.True(await table.RemoveRow(grain, "deadline", current));
        Assert.Null(await table.ReadRow(grain, "deadline"));
        Assert.False(await table.RemoveRow(grain, "deadline", current));
    }

    [Fact]
    public async Task a_row_removed_and_written_again_does_not_match_the_etag_of_the_old_one()
    {
        var table = await StartAsync();
        var grain = Incident("flood-4");
        var old = await UpsertAsync(table, Entry(grain));
        Assert.True(await table.RemoveRow(grain, "deadline", old));
        await UpsertAsync(table, Entry(grain));

        Assert.False(await table.RemoveRow(grain, "deadline", old));
        Assert.NotNull(await table.ReadRow(grain, "deadline"));
    }

    [Fact]
    public async Task a_hash_range_holds_hashes_above_begin_up_to_and_including_end()
    {
        var table = await StartAsync();
        var grains = await SpreadAsync(table);
        var (begin, end) = (grains[1].Hash, grains[3].Hash);

        var found = await HashesAsync(table, begin, end);

        Assert.Equal([grains[2].Hash, grains[3].Hash], found);
    }

    [Fact]
    public async Task a_range_whose_begin_is_above_its_end_wraps_past_the_top_of_the_ring()
    {
        var table = await StartAsync();
        var grains = await SpreadAsync(table);
        var (begin, end) = (grains[3].Hash, grains[1].Hash);

        var found = await HashesAsync(table, begin, end);

        Assert.Equal([grains[0].Hash, grains[1].Hash, grains[4].Hash], found);
    }

    [Fact]
    public async Task a_range_whose_begin_equals_its_end_is_the_whole_ring()
    {
        var table = await StartAsync();
        var grains = await SpreadAsync(table);

        var found = await HashesAsync(table, grains[2].Hash, grains[2].Hash);

        Assert.Equal(grains.Select(g => g.Hash).Order(), found);
    }

    [Fact]
    public async Task the_extremes_of_the_ring_are_in_range()
    {
        var table = await StartAsync();
        var grains = await SpreadAsync(table);

        Assert.Equal(grains.Select(g => g.Hash).Order(), await HashesAsync(table, 0, uint.MaxValue));
        Assert.Equal(grains.Select(g => g.Hash).Order(), await HashesAsync(table, uint.MaxValue, uint.MaxValue));
    }

    [Fact]
    public async Task reminders_survive_reopening_the_store()
    {
        var table = await StartAsync();
        var grain = Incident("flood-5");
        var etag = await UpsertAsync(table, Entry(grain));

        var reopened = await StartAsync();

        var row = await reopened.ReadRow(grain, "deadline");
        Assert.NotNull(row);
        Assert.Equal((Start.AddTicks(7), etag), (row.StartAt, row.ETag));
        Assert.Single((await reopened.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task services_sharing_a_store_see_and_clear_only_their_own_reminders()
    {
        var table = await StartAsync();
        var other = await StartAsync($"{ServiceId}-other");
        await UpsertAsync(table, Entry(Incident("mine")));
        await UpsertAsync(other, Entry(Incident("theirs")));

        await table.TestOnlyClearTable();

        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
        Assert.Equal([Incident("theirs")], (await other.ReadRows(0, 0)).Reminders.Select(r => r.GrainId));
    }

    /// <summary>Five grains stored in hash order, so tests can draw range bounds between them.</summary>
    private static async Task<List<(GrainId Grain, uint Hash)>> SpreadAsync(SqlReminderTable table)
    {
        var grains = Enumerable.Range(0, 5).Select(i => Incident($"ring-{i}")).Select(g => (Grain: g, Hash: g.GetUniformHashCode()))
            .OrderBy(g => g.Hash).ToList();
        Assert.Equal(5, grains.Select(g => g.Hash).Distinct().Count());
        foreach (var (grain, _) in grains) await UpsertAsync(table, Entry(grain));
        return grains;
    }

    private static async Task<List<uint>> HashesAsync(SqlReminderTable table, uint begin, uint end) =>
        [.. (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).Order()];
}
