using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Registry;

/// <summary><c>GET /api/organisation-tree</c>: the deployment's top organisations, oldest first, for administrators.</summary>
public sealed class OrganisationTreeTests : IAsyncLifetime
{
    private MobilizeApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    [Fact]
    public async Task the_tree_lists_each_city_once_in_the_order_registered_and_never_a_district()
    {
        var world = new World(_app.CreateClient());
        Assert.Empty((await world.Get("/api/organisation-tree"))["roots"]!.AsArray());

        var beijing = await world.City("北京市");
        var tianjin = world.Id("tianjin");
        await (await world.Client.PostJson("/api/organisations", new { id = tianjin, name = "天津市", level = "City" })).Expect(HttpStatusCode.Created);
        await world.District(beijing, "dongcheng", "东城区");
        // The same city again (a retried creation) is listed once.
        await (await world.Client.PostJson("/api/organisations", new { id = beijing, name = "北京市", level = "City" })).Expect(HttpStatusCode.Created);

        var roots = (await world.Get("/api/organisation-tree"))["roots"]!.AsArray();
        Assert.Equal([beijing, tianjin], roots.Select(r => (string?)r!["id"]));
        Assert.Equal(["北京市", "天津市"], roots.Select(r => (string?)r!["name"]));
        Assert.All(roots, r => Assert.Equal("City", (string?)r!["level"]));

        // A restart reads it back from storage.
        _app = await _app.RestartAsync();
        var after = (await new World(_app.CreateClient()).Get("/api/organisation-tree"))["roots"]!.AsArray();
        Assert.Equal([beijing, tianjin], after.Select(r => (string?)r!["id"]));
    }

    [Fact]
    public async Task only_an_administrator_reads_the_tree()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        using var commander = _app.CreateCommanderClient(city);
        Assert.Equal(HttpStatusCode.Forbidden, (await commander.GetAsync("/api/organisation-tree")).StatusCode);
        using var anonymous = _app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/organisation-tree")).StatusCode);
    }
}
