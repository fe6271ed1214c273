using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Push;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Push;

/// <summary>The server's half of Web Push, for real: a volunteer's phone subscribes with keys made here, an offer and a
/// standby alert are sent, and the push service on loopback receives requests it can decrypt with those keys only
/// (RFC 8291, aes128gcm), signed with the server's VAPID key (RFC 8292).</summary>
public sealed class WebPushTests : IAsyncLifetime
{
    private readonly MobilizeApp _app = new MobilizeApp().With("Push:AllowPlainHttpLoopback", "true").With("Push:Subject", "mailto:duty@mobilize.example");
    private LoopbackPushService _push = null!;
    private World _world = null!;

    public async Task InitializeAsync()
    {
        _push = await LoopbackPushService.StartAsync();
        _world = new World(_app.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await _push.DisposeAsync();
        await _app.DisposeAndDeleteStoreAsync();
    }

    [Fact]
    public async Task an_offer_reaches_the_subscribed_phone_encrypted_for_its_keys_and_signed_with_the_servers_vapid_key()
    {
        var city = await _world.City();
        var team = await _world.Team("boats", city, 39.905, 116.41, members: 1, "water-rescue");
        var volunteer = team.Leader;
        using var phone = _app.CreateVolunteerClient(volunteer);
        using var browser = new Browser();

        var vapid = (string)(await (await phone.GetAsync($"/api/volunteers/{volunteer}/push-subscriptions")).Expect(HttpStatusCode.OK))["vapidPublicKey"]!;
        var subscribed = await (await phone.PostJson($"/api/volunteers/{volunteer}/push-subscriptions",
            new { endpoint = _push.Endpoint("phone-1"), keys = new { p256dh = browser.P256dh, auth = browser.Auth } })).Expect(HttpStatusCode.OK);

        var incident = _world.Id("flood");
        await (await _world.Client.PostJson("/api/incidents", new
        {
            id = incident, incidentType = "flood", place = new { latitude = 39.915, longitude = 116.415 }, organisationId = city, severity = 3,
            description = "东单路口积水一米，有车辆被困",
            requirements = new[] { new { key = "rescue", capability = "water-rescue", teams = 1, minimumMembers = 1 } },
        })).Expect(HttpStatusCode.Created);

        var request = await _push.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("phone-1", request.Id);
        Assert.Equal("aes128gcm", request.Headers["Content-Encoding"]);
        Assert.Equal("high", request.Headers["Urgency"]);
        Assert.True(int.Parse(request.Headers["TTL"]) > 0, "an offer is worth delivering until it runs out");

        var (claims, key) = Vapid.Verify(request.Headers["Authorization"]);
        Assert.Equal(vapid, key);
        // The push service's origin; Lib.Net.Http.WebPush writes it without a port, which real push services (on 443) never have.
        Assert.Equal($"{_push.Address.Scheme}://{_push.Address.Host}", (string?)claims["aud"]);
        Assert.Equal("mailto:duty@mobilize.example", (string?)claims["sub"]);
        var expires = DateTimeOffset.FromUnixTimeSeconds((long)claims["exp"]!);
        Assert.InRange(expires, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(24));

        var payload = JsonNode.Parse(browser.Decrypt(request.Body))!;
        Assert.Equal("offer-sent", (string?)payload["kind"]);
        Assert.Equal(incident, (string?)payload["incident"]);
        Assert.Equal(team.Id, (string?)payload["team"]);
        Assert.Equal(("flood", "water-rescue", 3), ((string?)payload["incidentType"], (string?)payload["capability"], (int)payload["severity"]!));
        Assert.Equal("东城区", (string?)payload["placeName"]);
        Assert.Equal($"/volunteer/#offer={Uri.EscapeDataString((string)payload["offer"]!)}", (string?)payload["url"]);

        // Someone else's keys cannot read it: the message is for this phone only.
        using var stranger = new Browser();
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => stranger.Decrypt(request.Body));
        var listed = await (await phone.GetAsync($"/api/volunteers/{volunteer}/push-subscriptions")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)subscribed["id"], (string?)listed["subscriptions"]![0]!["id"]);
    }

    [Fact]
    public async Task a_standby_alert_is_pushed_too_and_a_subscription_the_push_service_says_is_gone_is_dropped()
    {
        var city = await _world.City();
        var team = await _world.Team("pumps", city, 39.905, 116.41, members: 1, "water-rescue");
        using var phone = _app.CreateVolunteerClient(team.Leader);
        using var browser = new Browser();
        var list = $"/api/volunteers/{team.Leader}/push-subscriptions";
        await (await phone.PostJson(list, new { endpoint = _push.Endpoint("phone-2"), keys = new { p256dh = browser.P256dh, auth = browser.Auth } }))
            .Expect(HttpStatusCode.OK);

        _push.NextStatus = (int)HttpStatusCode.Gone;
        await (await _world.Client.PostJson($"/api/teams/{team.Id}/alerts", new { message = "暴雨红色预警：请于 20:00 前到队集结待命", level = "Red" }))
            .Expect(HttpStatusCode.OK);

        var request = await _push.NextAsync(TimeSpan.FromSeconds(30));
        var payload = JsonNode.Parse(browser.Decrypt(request.Body))!;
        Assert.Equal(("alert", "Red", "暴雨红色预警：请于 20:00 前到队集结待命"), ((string?)payload["kind"], (string?)payload["level"], (string?)payload["detail"]));

        // 410 Gone (RFC 8030 §7.3): the browser dropped the subscription, so the server forgets it.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonNode subscriptions;
        do
        {
            await Task.Delay(100);
            subscriptions = (await (await phone.GetAsync(list)).Expect(HttpStatusCode.OK))["subscriptions"]!;
        } while (subscriptions.AsArray().Count > 0 && DateTime.UtcNow < deadline);
        Assert.Empty(subscriptions.AsArray());
    }

    [Fact]
    public void the_vapid_key_pair_is_made_once_and_kept_in_the_data_folder()
    {
        var keys = (VapidKeys)_app.Services.GetService(typeof(VapidKeys))!;
        var path = Path.Combine(_app.DataDirectory, VapidKeys.FileName);
        var first = keys.PublicKey;
        Assert.True(File.Exists(path));
        Assert.Contains(first, File.ReadAllText(path));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var again = new VapidKeys(Microsoft.Extensions.Options.Options.Create(new PushOptions()),
            Microsoft.Extensions.Options.Options.Create(new Mobilize.Silo.Hosting.SiloOptions { DataDirectory = _app.DataDirectory }));
        Assert.Equal(first, again.PublicKey);
    }
}
