using Mobilize.TestKit;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Mobilize.Grains.Audit;

namespace Mobilize.Grains.Tests.Audit;

public sealed class AuditWindowTests
{
    [Fact]
    public async Task a_view_repeated_within_the_window_is_written_once_also_after_the_log_was_reloaded_from_storage()
    {
        var storage = new InMemoryGrainStorage();
        var window = TimeSpan.FromHours(1);
        DateTimeOffset start;
        string key;
        await using (var world = await World.StartAsync(storage))
        {
            start = world.Now;
            key = AuditDays.Key(AuditDays.Of(start));
            var log = world.Grains.GetGrain<IAuditLogGrain>(key);
            Assert.True(await log.AppendUnlessRecent(View(start, "commander.zhang", "v-17"), window));
            Assert.False(await log.AppendUnlessRecent(View(start.AddMinutes(5), "commander.zhang", "v-17"), window));
            Assert.True(await log.AppendUnlessRecent(View(start.AddMinutes(5), "commander.li", "v-17"), window));
            Assert.True(await log.AppendUnlessRecent(View(start.AddMinutes(5), "commander.zhang", "v-18"), window));
        }

        await using var again = await World.StartAsync(storage);
        var reloaded = again.Grains.GetGrain<IAuditLogGrain>(key);
        Assert.False(await reloaded.AppendUnlessRecent(View(start.AddMinutes(59), "commander.zhang", "v-17"), window));
        Assert.True(await reloaded.AppendUnlessRecent(View(start.AddMinutes(60), "commander.zhang", "v-17"), window));
        Assert.Equal([start, start.AddMinutes(5), start.AddMinutes(5), start.AddMinutes(60)], (await reloaded.Get()).Select(e => e.At));
    }

    private static AuditEntry View(DateTimeOffset at, string who, string volunteer) =>
        new(at, who, "commander", "volunteer.location.precise", volunteer, "incident flood-3");
}
