using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Access;

/// <summary>Catches routes added later without an access decision: every endpoint of the running app is walked.</summary>
public sealed class EndpointDecisionTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    [Fact]
    public void every_api_route_says_who_may_call_it_and_every_hub_needs_a_token()
    {
        using var client = fixture.App.CreateClient();
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var api = endpoints.Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(api);

        var undecided = api.Where(e => e.Metadata.GetMetadata<AccessPolicy>() is null).Select(e => e.DisplayName).ToList();
        Assert.True(undecided.Count == 0, $"Routes without an access decision (.Allow…):\n{string.Join("\n", undecided)}");

        // Anonymous on purpose, and nothing else: a new anonymous route must be added here knowingly.
        var anonymous = api.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText).Order().ToList();
        Assert.Equal(["/api/enrolments/{code}/redemption"], anonymous);

        var signedIn = api.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null);
        Assert.All(signedIn, e => Assert.NotEmpty(e.Metadata.GetOrderedMetadata<IAuthorizeData>()));

        var hubs = endpoints.Where(e => e.RoutePattern.RawText?.StartsWith("/hubs", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(hubs);
        Assert.All(hubs, e =>
        {
            Assert.Null(e.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.NotEmpty(e.Metadata.GetOrderedMetadata<IAuthorizeData>());
        });
    }

    [Fact]
    public void every_route_of_the_orleans_dashboard_and_the_scrape_is_for_administrators_only()
    {
        using var client = fixture.App.CreateClient();
        var operations = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route && (route.StartsWith("/orleans", StringComparison.Ordinal) || route == "/metrics"))
            .ToList();
        Assert.Contains(operations, e => e.RoutePattern.RawText == "/metrics");
        Assert.Contains(operations, e => e.RoutePattern.RawText == "/orleans/index.min.js");

        Assert.All(operations, e =>
        {
            Assert.Null(e.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.Equal("administrators", e.Metadata.GetMetadata<AccessPolicy>()?.Description);
            Assert.Contains(e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == Policies.Administrator);
        });
    }
}
