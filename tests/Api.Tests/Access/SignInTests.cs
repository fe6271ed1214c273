using System.Net;
using System.Net.Http.Headers;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Access;

/// <summary>How callers get in: the administrator token written at start, bearer tokens on every call, 401 without.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly MobilizeApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    [Theory]
    [InlineData("GET", "/api/volunteers/someone")]
    [InlineData("POST", "/api/volunteers")]
    [InlineData("GET", "/api/organisations/somewhere/incidents")]
    [InlineData("POST", "/api/incidents")]
    [InlineData("POST", "/api/locations:batch")]
    [InlineData("POST", "/api/tokens")]
    [InlineData("POST", "/hubs/volunteer/negotiate?negotiateVersion=1")]
    [InlineData("POST", "/hubs/command/negotiate?negotiateVersion=1")]
    public async Task anonymous_calls_to_the_api_and_the_hubs_are_refused_with_401(string method, string url)
    {
        using var anonymous = _app.CreateAnonymousClient();
        var response = await anonymous.SendRaw(new HttpMethod(method), url, method == "POST" ? "{}" : null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/dashboard/")]
    [InlineData("/volunteer/")]
    [InlineData("/shared/session.js")]
    public async Task health_the_openapi_document_and_the_pages_need_no_token(string url)
    {
        using var anonymous = _app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task the_server_writes_an_administrator_token_only_its_own_user_can_read_and_it_signs_in()
    {
        using var client = _app.CreateAnonymousClient();
        var path = Path.Combine(_app.DataDirectory, AdministratorToken.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_app.DataDirectory, SigningKeys.FileName)));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(path));
        var world = new World(client);
        await world.City();
    }

    [Fact]
    public async Task a_token_signed_with_another_key_or_expired_or_garbled_is_refused()
    {
        using var client = _app.CreateAnonymousClient();
        var url = "/api/organisations/nowhere";
        var other = new MobilizeApp();
        try
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", other.Token(TokenGrant.Administrator));
            await (await client.GetAsync(url)).Expect(HttpStatusCode.Unauthorized);
        }
        finally
        {
            await other.DisposeAndDeleteStoreAsync();
        }

        client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        await (await client.GetAsync(url)).Expect(HttpStatusCode.Unauthorized);

        var issuer = _app.Services.GetService(typeof(TokenIssuer)) as TokenIssuer;
        client.DefaultRequestHeaders.Authorization = new("Bearer", issuer!.Issue(TokenGrant.Administrator, TimeSpan.FromMinutes(10)).Token);
        await (await client.GetAsync(url)).Expect(HttpStatusCode.NotFound);
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await (await client.GetAsync(url)).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task one_callers_idempotency_key_never_replays_their_answer_to_another_caller()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var organisation = Mobilize.Grains.Shared.OrganisationId.Create(city);
        using var zhang = _app.CreateClient(new TokenGrant(Roles.Commander, Organisation: organisation, Subject: "zhang"));
        using var wang = _app.CreateClient(new TokenGrant(Roles.Commander, Organisation: organisation, Subject: "wang"));

        var first = await zhang.PostJson("/api/organisations", new { id = world.Id("d1"), name = "东城区", level = "District", parentId = city }, "same-key");
        var second = await wang.PostJson("/api/organisations", new { id = world.Id("d2"), name = "西城区", level = "District", parentId = city }, "same-key");
        Assert.Equal(world.Id("d1"), (string?)(await first.Expect(HttpStatusCode.Created))["node"]!["id"]);
        Assert.Equal(world.Id("d2"), (string?)(await second.Expect(HttpStatusCode.Created))["node"]!["id"]);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task tokens_stay_valid_across_a_restart_because_the_signing_key_is_kept_in_the_data_folder()
    {
        var token = _app.Token(TokenGrant.Administrator);
        var restarted = await _app.RestartAsync();
        try
        {
            using var client = restarted.CreateAnonymousClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            await (await client.GetAsync("/api/organisations/nowhere")).Expect(HttpStatusCode.NotFound);
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    [Fact]
    public async Task a_signing_key_from_configuration_is_used_instead_of_the_data_folder()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var first = new MobilizeApp().With("Auth:SigningKey", key);
        var second = new MobilizeApp().With("Auth:SigningKey", key);
        try
        {
            using var client = second.CreateAnonymousClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", first.Token(TokenGrant.Administrator));
            await (await client.GetAsync("/api/organisations/nowhere")).Expect(HttpStatusCode.NotFound);
            Assert.False(File.Exists(Path.Combine(second.DataDirectory, SigningKeys.FileName)));
        }
        finally
        {
            await first.DisposeAndDeleteStoreAsync();
            await second.DisposeAndDeleteStoreAsync();
        }
    }
}
