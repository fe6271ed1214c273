using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Mobilize.Api.Access;
using Mobilize.Api.Operations;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Operations;

/// <summary>The Orleans dashboard and the Prometheus scrape, on the API's own port, for administrators only.</summary>
public sealed class OperationsAccessTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    /// <summary>The dashboard's page, a script and an image it loads, two of its API calls, an unknown path under it, the scrape.</summary>
    private static readonly string[] Paths =
    [
        "/orleans/", "/orleans/index.min.js", "/orleans/img/OrleansLogo.png", "/orleans/version", "/orleans/ClusterStats",
        "/orleans/no-such-page", "/metrics",
    ];

    public static TheoryData<string> OperatorPaths => [.. Paths];

    private static readonly string[] OtherRoles = [Roles.Commander, Roles.Observer, Roles.TeamLeader, Roles.Volunteer];

    private static TokenGrant Grant(string role) => role switch
    {
        Roles.Commander or Roles.Observer => new TokenGrant(role, Organisation: OrganisationId.Create("ops-city")),
        Roles.TeamLeader => new TokenGrant(role, Volunteer: VolunteerId.Create("ops-leader"), Team: TeamId.Create("ops-team")),
        _ => new TokenGrant(role, Volunteer: VolunteerId.Create("ops-volunteer")),
    };

    [Theory, MemberData(nameof(OperatorPaths))]
    public async Task an_anonymous_caller_gets_401_with_a_problem_document(string path)
    {
        using var client = fixture.App.CreateAnonymousClient();
        var response = await client.GetAsync(path);
        await response.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task every_role_but_administrators_gets_403_on_every_operator_path()
    {
        var failures = new List<string>();
        foreach (var role in OtherRoles)
            foreach (var path in Paths)
            {
                using var client = fixture.App.CreateClient(Grant(role));
                var response = await client.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.Forbidden || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{role} {path}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("/orleans/", "text/html")]
    [InlineData("/orleans/index.min.js", "javascript")]
    [InlineData("/orleans/version", "application/json")]
    [InlineData("/orleans/ClusterStats", "application/json")]
    [InlineData("/metrics", "text/plain")]
    public async Task an_administrator_gets_the_dashboard_its_assets_its_api_and_the_scrape(string path, string contentType)
    {
        using var client = fixture.App.CreateClient();
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Contains(contentType, response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task the_dashboard_without_its_trailing_slash_sends_an_administrator_to_the_page()
    {
        // A client that does not follow redirects, to see where this one points.
        using var client = fixture.App.CreateClient(TokenGrant.Administrator);
        var response = await client.GetAsync("/orleans");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/orleans/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task the_dashboard_shows_no_grain_state_even_to_an_administrator_because_it_holds_unmasked_personal_data()
    {
        using var client = fixture.App.CreateClient();
        var problem = await (await client.GetAsync("/orleans/GrainState?grainId=volunteer/v-1&grainType=VolunteerGrain")).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("urn:mobilize:problem:forbidden", (string?)problem["type"]);
    }

    [Fact]
    public async Task an_administrators_page_opens_a_dashboard_session_whose_cookie_only_orleans_accepts()
    {
        using var admin = fixture.App.CreateClient();
        var response = await admin.PostAsync("/api/operations/dashboard-session", null);
        await response.Expect(HttpStatusCode.NoContent);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{DashboardSession.CookieName}=", cookie);
        Assert.Contains("path=/orleans", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        var value = cookie.Split(';')[0];

        Assert.Equal(HttpStatusCode.OK, (await WithCookie("/orleans/", value)).StatusCode);
        await (await WithCookie("/orleans/DashboardCounters", value)).Expect(HttpStatusCode.OK);
        // The cookie is for the dashboard's browser page; the scrape and the API still want the header.
        await (await WithCookie("/metrics", value)).Expect(HttpStatusCode.Unauthorized);
        await (await WithCookie("/api/tokens/revocations", value)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_commander_can_neither_open_a_dashboard_session_nor_use_a_cookie_holding_their_token()
    {
        using var commander = fixture.App.CreateClient(Grant(Roles.Commander));
        await (await commander.PostAsync("/api/operations/dashboard-session", null)).Expect(HttpStatusCode.Forbidden);

        var token = fixture.App.Token(Grant(Roles.Commander));
        Assert.Equal(HttpStatusCode.Forbidden, (await WithCookie("/orleans/", $"{DashboardSession.CookieName}={token}")).StatusCode);
    }

    [Fact]
    public async Task a_dashboard_cookie_stops_working_when_its_token_is_revoked()
    {
        var issued = fixture.App.Services.GetRequiredService<TokenIssuer>().Issue(TokenGrant.Administrator with { Subject = "operator.li" }, TimeSpan.FromDays(1));
        var cookie = $"{DashboardSession.CookieName}={issued.Token}";
        await (await WithCookie("/orleans/version", cookie)).Expect(HttpStatusCode.OK);

        using var admin = fixture.App.CreateClient();
        await (await admin.PostJson("/api/tokens/revocations", new { tokenId = issued.TokenId, reason = "operator left" })).Expect(HttpStatusCode.Created);

        var problem = await (await WithCookie("/orleans/version", cookie)).Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("urn:mobilize:problem:token-revoked", (string?)problem["type"]);
    }

    [Fact]
    public async Task the_page_that_hands_a_browser_over_to_the_dashboard_is_static_and_open_to_anyone()
    {
        using var client = fixture.App.CreateAnonymousClient();
        var page = await client.GetStringAsync("/operations/");
        Assert.Contains("operations.js", page);
        Assert.Contains("/api/operations/dashboard-session", await client.GetStringAsync("/operations/operations.js"));
    }

    [Fact]
    public async Task the_dashboard_counts_the_silo_this_process_hosts_and_its_activations()
    {
        using var client = fixture.App.CreateClient();
        await new World(client).City();
        // The dashboard samples its counters once a second.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var last = "";
        do
        {
            var counters = await (await client.GetAsync("/orleans/DashboardCounters")).Expect(HttpStatusCode.OK);
            if ((int?)counters["totalActiveHostCount"] == 1 && (int?)counters["totalActivationCount"] > 0) return;
            last = counters.ToJsonString();
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"The dashboard never counted the silo: {last[..Math.Min(300, last.Length)]}");
    }

    private async Task<HttpResponseMessage> WithCookie(string path, string cookie)
    {
        using var client = fixture.App.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }
}
