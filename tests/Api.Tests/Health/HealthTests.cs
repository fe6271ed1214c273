using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Health;

public sealed class HealthTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task live_answers_while_the_process_is_up()
    {
        var body = await (await _client.GetAsync("/health/live")).Expect(HttpStatusCode.OK);
        Assert.Equal("live", (string?)body["status"]);
    }

    [Fact]
    public async Task ready_answers_once_the_silo_opened_its_storage()
    {
        var body = await (await _client.GetAsync("/health/ready")).Expect(HttpStatusCode.OK);
        Assert.Equal("ready", (string?)body["status"]);
        Assert.True(File.Exists(Path.Combine(fixture.App.DataDirectory, "mobilize.db")));
    }

    [Fact]
    public async Task cluster_names_the_one_co_hosted_silo_to_administrators_only()
    {
        var body = await (await _client.GetAsync("/health/cluster")).Expect(HttpStatusCode.OK);
        var silo = Assert.Single(body["silos"]!.AsArray());

        Assert.Equal(("co-hosted", 1), ((string?)body["mode"], (int?)body["active"]));
        Assert.Equal("Active", (string?)silo!["status"]);
        await (await fixture.App.CreateCommanderClient("bj-chaoyang").GetAsync("/health/cluster")).Expect(HttpStatusCode.Forbidden);
        await (await fixture.App.Server.CreateClient().GetAsync("/health/cluster")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_unknown_route_is_a_problem_document()
    {
        var response = await _client.GetAsync("/api/nothing-here");
        await response.Expect(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
