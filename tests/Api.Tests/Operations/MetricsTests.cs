using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Operations;

public sealed class MetricsTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    [Fact]
    public async Task after_a_registration_the_scrape_is_prometheus_text_with_orleans_storage_and_http_meters()
    {
        using var client = fixture.App.CreateClient();
        var world = new World(client);
        await world.Volunteer("metered");

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var samples = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains(samples, l => l.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(samples, l => l.StartsWith("mobilize_storage_latency", StringComparison.Ordinal) && l.Contains("operation=", StringComparison.Ordinal));
        Assert.Contains(samples, l => l.StartsWith("http_server_request_duration", StringComparison.Ordinal));
    }
}
