using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Idempotency;

public sealed class IdempotencyTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());
    private HttpClient Client => _world.Client;

    private string NewKey() => $"{_world.Prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task a_retry_replays_the_first_answer_byte_for_byte_without_doing_the_work_again()
    {
        var city = await _world.City();
        var team = await _world.Team("replay", city, 39.92, 116.44, members: 1, capability: "first-aid");
        var newcomer = await _world.Volunteer("newcomer", "first-aid");
        var key = NewKey();

        var first = await Client.PostJson($"/api/teams/{team.Id}/members", new { volunteerId = newcomer }, key);
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await (await Client.DeleteAsync($"/api/teams/{team.Id}/members/{newcomer}")).Expect(HttpStatusCode.OK);

        var retry = await Client.PostJson($"/api/teams/{team.Id}/members", new { volunteerId = newcomer }, key);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Content.Headers.ContentType, retry.Content.Headers.ContentType);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var members = (await _world.Get($"/api/teams/{team.Id}"))["members"]!.AsArray().Select(m => (string?)m);
        Assert.DoesNotContain(newcomer, members);
    }

    [Fact]
    public async Task a_created_answer_replays_with_its_location()
    {
        var key = NewKey();
        var body = World.Registration(_world.Id("zhang"), "张伟", World.NewPhone());
        var first = await Client.PostJson("/api/volunteers", body, key);
        var retry = await Client.PostJson("/api/volunteers", body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_same_key_with_a_different_body_is_a_422_and_changes_nothing()
    {
        var key = NewKey();
        await (await Client.PostJson("/api/volunteers", World.Registration(_world.Id("a"), "陈静", World.NewPhone()), key)).Expect(HttpStatusCode.Created);

        var problem = await (await Client.PostJson("/api/volunteers", World.Registration(_world.Id("b"), "陈静", World.NewPhone()), key))
            .Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:mobilize:problem:idempotency-key-reused", (string?)problem["type"]);
        await (await Client.GetAsync($"/api/volunteers/{_world.Id("b")}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task concurrent_duplicates_execute_once_and_all_get_the_same_answer()
    {
        var key = NewKey();
        var body = World.Registration(_world.Id("crowd"), "刘洋", World.NewPhone());
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Client.PostJson("/api/volunteers", body, key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses, r => !r.Headers.Contains("Idempotent-Replayed"));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task a_refusal_is_an_answer_too_and_replays()
    {
        var key = NewKey();
        var body = new { id = _world.Id("bad"), realName = "X", phone = "12345" };
        var first = await (await Client.PostJson("/api/volunteers", body, key)).Expect(HttpStatusCode.BadRequest);
        var retry = await Client.PostJson("/api/volunteers", body, key);
        Assert.Equal(first.ToJsonString(), (await retry.Expect(HttpStatusCode.BadRequest)).ToJsonString());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task a_key_belongs_to_its_route_so_the_same_key_elsewhere_is_a_new_request()
    {
        var key = NewKey();
        var a = await _world.Volunteer("dutyA", "first-aid");
        var b = await _world.Volunteer("dutyB", "first-aid");
        await (await Client.PutJson($"/api/volunteers/{a}/duty", new { status = "Off" }, key)).Expect(HttpStatusCode.OK);
        var other = await Client.PutJson($"/api/volunteers/{b}/duty", new { status = "Off" }, key);
        await other.Expect(HttpStatusCode.OK);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    public async Task a_malformed_key_is_a_400_naming_the_header(string key)
    {
        var request = Http.Request(HttpMethod.Post, "/api/volunteers", "{}");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var problem = await (await Client.SendAsync(request)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["Idempotency-Key"], problem.ErrorFields());
    }

    [Fact]
    public async Task two_keys_on_one_request_are_a_400()
    {
        var request = Http.Request(HttpMethod.Post, "/api/volunteers", "{}");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", ["first", "second"]);
        var problem = await (await Client.SendAsync(request)).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["Idempotency-Key"], problem.ErrorFields());
    }

    [Fact]
    public async Task a_key_longer_than_255_characters_is_a_400()
    {
        var problem = await (await Client.PostJson("/api/volunteers", new { }, new string('k', 256))).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["Idempotency-Key"], problem.ErrorFields());
    }
}
