using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Push;

/// <summary>Registering and removing a phone's push subscription: only the volunteer themself (and administrators) may,
/// bad input is refused naming the field and changes nothing, and every call is safe to retry.</summary>
public sealed class PushSubscriptionsApiTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());

    private static object Subscription(string endpoint) => new
    {
        endpoint,
        keys = new { p256dh = new Browser().P256dh, auth = new Browser().Auth },
    };

    private static string Url(string volunteer) => $"/api/volunteers/{volunteer}/push-subscriptions";

    private static async Task<JsonArray> Subscriptions(HttpClient client, string volunteer) =>
        (await (await client.GetAsync(Url(volunteer))).Expect(HttpStatusCode.OK))["subscriptions"]!.AsArray();

    [Fact]
    public async Task only_the_volunteer_themself_may_read_add_or_remove_their_phones_subscriptions()
    {
        var city = await _world.City();
        var team = await _world.Team("access", city, 39.9, 116.4, members: 2, "water-rescue");
        var (me, teammate) = (team.Members[1], team.Leader);
        using var mine = fixture.App.CreateVolunteerClient(me);
        using var other = fixture.App.CreateVolunteerClient(teammate);
        using var commander = fixture.App.CreateCommanderClient(city);
        using var anonymous = fixture.App.CreateAnonymousClient();
        var body = Subscription("https://push.example.net/send/abc");

        var added = await (await mine.PostJson(Url(me), body)).Expect(HttpStatusCode.OK);
        var id = (string)added["id"]!;
        foreach (var stranger in new[] { other, commander })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync(Url(me))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostJson(Url(me), Subscription("https://push.example.net/send/theirs"))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await stranger.DeleteAsync($"{Url(me)}/{id}")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url(me))).StatusCode);
        // The leader's own list is their own: another member's subscription is not in it.
        Assert.Empty(await Subscriptions(other, teammate));
        var left = Assert.Single(await Subscriptions(mine, me));
        Assert.Equal(("https://push.example.net/send/abc", id), ((string?)left!["endpoint"], (string?)left["id"]));
        Assert.Null(left["p256dh"]);
        Assert.Null(left["auth"]);
    }

    [Theory]
    [InlineData("""{ "keys": { "p256dh": "BPUB", "auth": "AUTH" } }""", "endpoint")]
    [InlineData("""{ "endpoint": "https://push.example.net/x" }""", "keys")]
    [InlineData("""{ "endpoint": "http://push.example.net/x", "keys": { "p256dh": "BPUB", "auth": "AUTH" } }""", "endpoint")]
    [InlineData("""{ "endpoint": "http://127.0.0.1:9/x", "keys": { "p256dh": "BPUB", "auth": "AUTH" } }""", "endpoint")]
    [InlineData("""{ "endpoint": "https://user:secret@push.example.net/x", "keys": { "p256dh": "BPUB", "auth": "AUTH" } }""", "endpoint")]
    [InlineData("""{ "endpoint": "not a url", "keys": { "p256dh": "BPUB", "auth": "AUTH" } }""", "endpoint")]
    [InlineData("""{ "endpoint": "https://push.example.net/x", "keys": { "p256dh": "AAAA", "auth": "AUTH" } }""", "keys.p256dh")]
    [InlineData("""{ "endpoint": "https://push.example.net/x", "keys": { "p256dh": "BPUB", "auth": "c2hvcnQ" } }""", "keys.auth")]
    [InlineData("""{ "endpoint": "https://push.example.net/x", "keys": { "p256dh": "BPUB", "auth": "!!!!" } }""", "keys.auth")]
    public async Task a_bad_subscription_is_refused_naming_the_field_and_changes_nothing(string json, string field)
    {
        var volunteer = await _world.Volunteer("bad", "water-rescue");
        using var phone = fixture.App.CreateVolunteerClient(volunteer);
        var valid = new Browser();
        json = json.Replace("BPUB", valid.P256dh).Replace("AUTH", valid.Auth);

        var problem = await (await phone.SendRaw(HttpMethod.Post, Url(volunteer), json)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.ErrorFields());
        Assert.Empty(await Subscriptions(phone, volunteer));
    }

    [Fact]
    public async Task subscribing_twice_keeps_one_and_removing_twice_is_the_same_success()
    {
        var volunteer = await _world.Volunteer("retry", "water-rescue");
        using var phone = fixture.App.CreateVolunteerClient(volunteer);
        var body = Subscription("https://push.example.net/send/retry");

        var first = await (await phone.PostJson(Url(volunteer), body)).Expect(HttpStatusCode.OK);
        var again = await (await phone.PostJson(Url(volunteer), body)).Expect(HttpStatusCode.OK);
        var replayed = await (await phone.PostJson(Url(volunteer), body, idempotencyKey: _world.Id("sub"))).Expect(HttpStatusCode.OK);
        await (await phone.PostJson(Url(volunteer), body, idempotencyKey: _world.Id("sub"))).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)first["id"], (string?)again["id"]);
        Assert.Equal((string?)first["id"], (string?)replayed["id"]);
        Assert.Single(await Subscriptions(phone, volunteer));

        // The browser handed out new keys for the same endpoint: the subscription is renewed, not doubled.
        await (await phone.PostJson(Url(volunteer), Subscription("https://push.example.net/send/retry"))).Expect(HttpStatusCode.OK);
        Assert.Single(await Subscriptions(phone, volunteer));

        var id = (string)first["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await phone.DeleteAsync($"{Url(volunteer)}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await phone.DeleteAsync($"{Url(volunteer)}/{id}")).StatusCode);
        Assert.Empty(await Subscriptions(phone, volunteer));
    }

    [Fact]
    public async Task a_malformed_subscription_id_is_refused_and_an_unknown_volunteer_is_not_found()
    {
        var volunteer = await _world.Volunteer("ids", "water-rescue");
        using var phone = fixture.App.CreateVolunteerClient(volunteer);
        var problem = await (await phone.DeleteAsync($"{Url(volunteer)}/not-an-id")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["subscriptionId"], problem.ErrorFields());

        var nobody = _world.Id("nobody");
        Assert.Equal(HttpStatusCode.NotFound, (await _world.Client.GetAsync(Url(nobody))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _world.Client.PostJson(Url(nobody), Subscription("https://push.example.net/n"))).StatusCode);
    }
}
