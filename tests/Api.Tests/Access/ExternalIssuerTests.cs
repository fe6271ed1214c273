using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Access;

/// <summary>Trusting an external OpenID Connect issuer: a real one in miniature (discovery document and JWKS on a Kestrel
/// on loopback, an RSA key made here), whose tokens the server fetches the keys for and accepts.</summary>
public sealed class ExternalIssuerTests : IAsyncLifetime
{
    private const string Audience = "mobilize-test";
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication _issuer = null!;
    private MobilizeApp _app = null!;
    private string _authority = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _issuer = builder.Build();
        var publicKey = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = "test-key" });
        _issuer.MapGet("/.well-known/openid-configuration", (HttpContext c) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _authority,
            ["jwks_uri"] = $"{_authority}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        _issuer.MapGet("/jwks", () => Results.Json(new
        {
            keys = new[] { new { kty = publicKey.Kty, kid = publicKey.Kid, use = "sig", alg = "RS256", n = publicKey.N, e = publicKey.E } },
        }));
        await _issuer.StartAsync();
        _authority = _issuer.Urls.Single().TrimEnd('/');
        _app = new MobilizeApp()
            .With("Auth:Authority", _authority)
            .With("Auth:Audience", Audience)
            .With("Auth:RequireHttpsMetadata", "false");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAndDeleteStoreAsync();
        await _issuer.DisposeAsync();
        _rsa.Dispose();
    }

    private string ExternalToken(Dictionary<string, object> claims, string? audience = Audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = _authority,
        Audience = audience,
        Claims = claims,
        IssuedAt = MobilizeApp.Start.UtcDateTime,
        NotBefore = MobilizeApp.Start.UtcDateTime,
        Expires = MobilizeApp.Start.AddHours(1).UtcDateTime,
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
    });

    [Fact]
    public async Task tokens_the_external_issuer_signs_are_accepted_and_locally_signed_ones_are_refused()
    {
        using var client = _app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ExternalToken(new() { ["sub"] = "alice", ["role"] = "administrator" }));
        var world = new World(client);
        var city = await world.City();
        var volunteer = await world.Volunteer("v");

        using var phone = _app.CreateAnonymousClient();
        phone.DefaultRequestHeaders.Authorization = new("Bearer", ExternalToken(new() { ["sub"] = "bob", ["role"] = "volunteer", ["volunteerId"] = volunteer }));
        await (await phone.GetAsync($"/api/volunteers/{volunteer}/status")).Expect(HttpStatusCode.OK);
        await (await phone.GetAsync($"/api/organisations/{city}")).Expect(HttpStatusCode.Forbidden);

        // Signed as this server would sign with a local key: no longer trusted.
        var local = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.LocalIssuer,
            Audience = AuthOptions.LocalAudience,
            Claims = new Dictionary<string, object> { ["sub"] = "administrator", ["role"] = "administrator" },
            Expires = MobilizeApp.Start.AddHours(1).UtcDateTime,
            NotBefore = MobilizeApp.Start.UtcDateTime,
            IssuedAt = MobilizeApp.Start.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256),
        });
        using var forged = _app.CreateAnonymousClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", local);
        await (await forged.GetAsync($"/api/organisations/{city}")).Expect(HttpStatusCode.Unauthorized);

        forged.DefaultRequestHeaders.Authorization = new("Bearer", ExternalToken(new() { ["sub"] = "eve", ["role"] = "administrator" }, audience: "someone-else"));
        await (await forged.GetAsync($"/api/organisations/{city}")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task with_an_external_issuer_the_server_mints_nothing_and_writes_no_administrator_token()
    {
        using var client = _app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ExternalToken(new() { ["sub"] = "alice", ["role"] = "administrator" }));
        var refused = await (await client.PostJson("/api/tokens", new { role = "administrator" })).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:external-issuer", (string?)refused["type"]);
        Assert.False(File.Exists(Path.Combine(_app.DataDirectory, AdministratorToken.FileName)));
    }
}
