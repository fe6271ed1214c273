using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Mobilize.TestKit;
using Orleans.Configuration;
using Orleans.Storage;

namespace Mobilize.Grains.Tests.Hosting;

/// <summary>What the product leans on Orleans for, checked on the real runtime: a stale write is refused and the grain
/// reloads what is stored; idle volunteers leave memory and come back from storage unchanged.</summary>
public sealed class RuntimeBehaviourTests
{
    [Fact]
    public async Task a_write_over_a_record_another_process_changed_is_refused_and_the_next_call_reads_the_stored_record()
    {
        var storage = new InMemoryGrainStorage();
        await using var world = await World.StartAsync(storage);
        var id = await world.Volunteer("v1", [World.Cert("water-rescue")]);
        var row = GrainId.Create("volunteer", id.Value);
        // Another silo (or the process before a crash) took the volunteer off duty behind this activation's back.
        var stored = new GrainState<VolunteerState>();
        await storage.ReadStateAsync("volunteer", row, stored);
        Assert.True(stored.RecordExists);
        stored.State = stored.State! with { Readiness = VolunteerReadiness.OffDuty, Version = stored.State.Version + 1 };
        await storage.WriteStateAsync("volunteer", row, stored);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            world.Grains.Volunteer(id).SetDuty(new DutyChange(DutyStatus.OnCall, world.Now.AddHours(4))));

        var status = (await world.Grains.Volunteer(id).GetStatus()).ValueOrThrow();
        Assert.Equal(DutyStatus.Off, status.Status);
        // Reloaded, the grain writes on top of the stored record again.
        (await world.Grains.Volunteer(id).SetDuty(new DutyChange(DutyStatus.OnCall, world.Now.AddHours(4)))).ValueOrThrow();
        Assert.Equal(DutyStatus.OnCall, (await world.Grains.Volunteer(id).GetStatus()).ValueOrThrow().Status);
    }

    [Fact]
    public async Task an_idle_volunteer_leaves_memory_and_the_next_call_reads_it_back_from_storage_unchanged()
    {
        await using var world = await World.StartAsync(services: s => s.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionQuantum = TimeSpan.FromMilliseconds(200);
            o.CollectionAge = TimeSpan.FromSeconds(2);
        }));
        var id = await world.Volunteer("v1", [World.Cert("water-rescue")], duty: DutyStatus.OnCall);
        var before = (await world.Grains.Volunteer(id).GetStatus()).ValueOrThrow();
        Assert.True(await world.Cluster.CountActivationsAsync("volunteer") > 0);

        // Collection runs on the runtime's wall clock, so this waits (bounded) rather than moving the test clock.
        var waited = Stopwatch.StartNew();
        while (await world.Cluster.CountActivationsAsync("volunteer") > 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the idle volunteer was never collected");
            await Task.Delay(100);
        }

        var after = (await world.Grains.Volunteer(id).GetStatus()).ValueOrThrow();
        Assert.Equal(before, after);
    }
}
