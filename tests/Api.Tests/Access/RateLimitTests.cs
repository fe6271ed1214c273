using System.Net;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Access;

public sealed class RateLimitTests : IAsyncLifetime
{
    // One request a second with a burst of three: the fourth in quick succession is over the limit on any machine.
    private readonly MobilizeApp _app = new MobilizeApp().With("RateLimit:PermitsPerSecond", "1").With("RateLimit:Burst", "3");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    [Fact]
    public async Task a_caller_over_the_limit_gets_429_with_retry_after_while_another_caller_is_still_served()
    {
        using var busy = _app.CreateClient(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create("busy"), Subject: "observer-busy"));
        using var quiet = _app.CreateClient(new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create("busy"), Subject: "observer-quiet"));
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage refused;
        // Bounded: at one permit a second, twenty requests outrun the refill unless each took a second.
        do
        {
            refused = await busy.GetAsync("/api/organisations/busy");
            statuses.Add(refused.StatusCode);
        }
        while (refused.StatusCode != HttpStatusCode.TooManyRequests && statuses.Count < 20);
        Assert.All(statuses.Take(3), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));

        var problem = await refused.Expect(HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:mobilize:problem:too-many-requests", (string?)problem["type"]);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After was {refused.Headers.RetryAfter}");

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await quiet.GetAsync("/api/organisations/busy")).StatusCode);
    }
}
