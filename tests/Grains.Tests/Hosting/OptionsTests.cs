using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mobilize.Grains.Hosting;

namespace Mobilize.Grains.Tests.Hosting;

public sealed class OptionsTests
{
    [Fact]
    public async Task options_are_read_from_their_sections()
    {
        await using var world = await World.StartAsync(services: s => s.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Mobilize:Readiness:RestPeriod"] = "04:00:00",
                ["Mobilize:Dispatch:DefaultTravelSpeedKmh"] = "45",
            }).Build()));

        Assert.Equal(TimeSpan.FromHours(4), world.Cluster.Services.GetRequiredService<IOptions<ReadinessOptions>>().Value.RestPeriod);
        Assert.Equal(45, world.Cluster.Services.GetRequiredService<IOptions<DispatchOptions>>().Value.DefaultTravelSpeedKmh);
    }

    [Fact]
    public async Task an_out_of_range_option_stops_the_silo_from_starting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => World.StartAsync(services: s => s.AddSingleton<IConfiguration>(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mobilize:Dispatch:DefaultTravelSpeedKmh"] = "0" }).Build())));
        Assert.Contains("DefaultTravelSpeedKmh", failure.Message);
    }
}
