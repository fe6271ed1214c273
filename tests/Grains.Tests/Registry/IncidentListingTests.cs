using Mobilize.TestKit;
using System.Collections.Immutable;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Registry;

public sealed class IncidentListingTests
{
    private static IncidentRequest Flood => new("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
        [new RequirementSpec("boats", "water-rescue", 1, 2)]);

    [Fact]
    public async Task a_callout_is_listed_at_once_and_its_listing_is_stored_a_moment_later_so_it_outlives_a_crash()
    {
        var storage = new InMemoryGrainStorage();
        await using var world = await World.StartAsync(storage);
        var incident = IncidentId.Create("flood-listed");
        (await world.Grains.Incident(incident).Create(Flood)).ValueOrThrow();
        // Stood down, so nothing re-lists it when the next process wakes the open incidents.
        (await world.Grains.Incident(incident).StandDown()).ValueOrThrow();

        Assert.Equal([incident], (await Listed(world, World.Beijing)).Select(m => m.Incident));
        Assert.Equal([incident], (await Listed(world, World.Chaoyang)).Select(m => m.Incident));
        Assert.Empty(await Stored(storage, World.Beijing));

        world.Clock.Advance(OrganisationGrain.ListingWriteDelay);

        Assert.Equal([incident], (await StoredSoon(storage, World.Beijing)).Select(m => m.Incident));
        // A second process on the same storage, the first never shut down: what a crash leaves.
        await using var after = await World.StartAsync(storage);
        Assert.Equal([incident], (await Listed(after, World.Chaoyang)).Select(m => m.Incident));
    }

    [Fact]
    public async Task a_listing_kept_inside_the_organisation_by_an_earlier_version_is_carried_over()
    {
        var storage = new InMemoryGrainStorage();
        var old = new IncidentMark(IncidentId.Create("flood-2025"), World.Chaoyang, false, new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero));
        await using (var first = await World.StartAsync(storage)) { }
        var box = new GrainState<OrganisationState>();
        var id = GrainId.Create("organisation", World.Chaoyang.Value);
        await storage.ReadStateAsync("organisation", id, box);
        box.State = box.State! with { Incidents = [old] };
        await storage.WriteStateAsync("organisation", id, box);

        await using var world = await World.StartAsync(storage);
        Assert.Equal(old, Assert.Single(await Listed(world, World.Chaoyang)));
        var incident = IncidentId.Create("flood-2026");
        (await world.Grains.Incident(incident).Create(Flood)).ValueOrThrow();
        Assert.Equal([incident, old.Incident], (await Listed(world, World.Chaoyang)).Select(m => m.Incident));
    }

    [Fact]
    public async Task a_full_listing_keeps_the_newest_by_opening_time_whatever_order_the_marks_arrive_in()
    {
        await using var world = await World.StartAsync();
        var district = world.Grains.Organisation(World.Dongcheng);
        var start = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var marks = Enumerable.Range(0, OrganisationIncidents.Kept + 40)
            .Select(i => new IncidentMark(IncidentId.Create($"flood-{i:D4}"), World.Dongcheng, false, start.AddMinutes(i)))
            .ToList();
        // As start-up recovery or late one-way messages deliver them: oldest last, and some twice.
        foreach (var mark in marks.AsEnumerable().Reverse().Concat(marks.Take(60))) await district.NoteIncident(mark);

        var newest = marks.AsEnumerable().Reverse().Take(OrganisationIncidents.Kept).Select(m => m.Incident).ToList();
        Assert.Equal(newest, (await district.GetIncidents()).Select(m => m.Incident));

        // Recovery's batch merges the same way, and changes nothing it already holds.
        await district.Relist([.. marks.Take(100)]);
        Assert.Equal(newest, (await district.GetIncidents()).Select(m => m.Incident));
    }

    // The incident lists itself one-way, so its jurisdictions hear of it a moment after the callout returns.
    private static Task<ImmutableArray<IncidentMark>> Listed(World world, OrganisationId organisation) =>
        Eventually(() => world.Grains.Organisation(organisation).GetIncidents());

    private static async Task<ImmutableArray<IncidentMark>> Stored(InMemoryGrainStorage storage, OrganisationId organisation)
    {
        var box = new GrainState<IncidentListing?>();
        await storage.ReadStateAsync("incident-listing", GrainId.Create("organisation", organisation.Value), box);
        return box.State?.Marks ?? [];
    }

    // The timer's write runs on the grain's own turn after the clock moves.
    private static Task<ImmutableArray<IncidentMark>> StoredSoon(InMemoryGrainStorage storage, OrganisationId organisation) =>
        Eventually(() => Stored(storage, organisation));

    private static async Task<ImmutableArray<IncidentMark>> Eventually(Func<Task<ImmutableArray<IncidentMark>>> read)
    {
        for (var attempt = 0; ; attempt++)
        {
            var marks = await read();
            if (!marks.IsEmpty || attempt == 200) return marks;
            await Task.Delay(5);
        }
    }
}
