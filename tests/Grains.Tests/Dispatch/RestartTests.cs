using Mobilize.TestKit;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class RestartTests
{
    [Fact]
    public async Task after_a_restart_the_directory_is_rebuilt_and_an_open_incident_still_times_out_its_offers()
    {
        var storage = new InMemoryGrainStorage();
        await using var world = await World.StartAsync(storage);
        var near = await world.Team("cy-a", World.Chaoyang, new GeoPoint(39.9250, 116.4450));
        var next = await world.Team("dc-a", World.Chaoyang, new GeoPoint(39.9300, 116.4200));
        var incident = IncidentId.Create("flood-restart");
        var request = new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 2)], OfferTimeout: TimeSpan.FromMinutes(5));
        var created = (await world.Grains.Incident(incident).Create(request)).ValueOrThrow();
        Assert.Equal([near, next], created.Offers.Select(o => o.Team));

        await world.Cluster.RestartAsync();

        Assert.Equal(2, world.Cluster.Services.GetRequiredService<IDispatchDirectory>().Count);
        Assert.Equal(1, await world.Cluster.CountActivationsAsync("incident"));
        await world.Advance(TimeSpan.FromMinutes(5), incident);
        var summary = await world.Summary(incident);
        Assert.Equal([OfferStatus.TimedOut, OfferStatus.TimedOut], summary.Offers.Select(o => o.Status));
        Assert.Equal(IncidentStatus.Unfillable, summary.Status);

        // The rebuilt directory still finds both teams for a new callout.
        var again = (await world.Grains.Incident(IncidentId.Create("flood-after")).Create(request)).ValueOrThrow();
        Assert.Equal([near, next], again.Offers.Select(o => o.Team));
    }
}
