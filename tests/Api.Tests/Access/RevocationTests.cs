using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Access;

/// <summary>An administrator takes access away: one token by its id, or every token a person holds (a lost phone, a
/// volunteer who left). Revoked tokens get 401 with their own problem type at once and after a restart; every
/// revocation is in the audit log.</summary>
public sealed class RevocationTests : IAsyncLifetime
{
    private MobilizeApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _app.DisposeAndDeleteStoreAsync();

    private async Task<JsonNode> Mint(HttpClient administrator, object request) =>
        await (await administrator.PostJson("/api/tokens", request)).Expect(HttpStatusCode.Created);

    private HttpClient SignedIn(JsonNode minted)
    {
        var client = _app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (string)minted["token"]!);
        return client;
    }

    private static async Task ExpectRevoked(HttpResponseMessage response)
    {
        var problem = await response.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("urn:mobilize:problem:token-revoked", (string?)problem["type"]);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer" && h.Parameter!.Contains("invalid_token"));
    }

    [Fact]
    public async Task a_revoked_token_is_refused_with_401_while_another_token_of_the_same_person_still_works_and_the_audit_log_says_who_revoked_it()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var lost = await Mint(world.Client, new { role = "commander", organisationId = city, subject = "commander.li" });
        var kept = await Mint(world.Client, new { role = "commander", organisationId = city, subject = "commander.li" });
        using var lostPhone = SignedIn(lost);
        using var laptop = SignedIn(kept);
        await (await lostPhone.GetAsync($"/api/organisations/{city}")).Expect(HttpStatusCode.OK);

        var revoked = await (await world.Client.PostJson("/api/tokens/revocations", new { tokenId = (string)lost["tokenId"]!, reason = "phone lost on the dyke" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal((string?)lost["tokenId"], (string?)revoked["tokenId"]);
        Assert.Equal("administrator", (string?)revoked["who"]);

        await ExpectRevoked(await lostPhone.GetAsync($"/api/organisations/{city}"));
        await (await laptop.GetAsync($"/api/organisations/{city}")).Expect(HttpStatusCode.OK);
        var entry = (await world.Get("/api/audit")).AsArray().Single(e => (string?)e!["action"] == "token.revoked")!;
        Assert.Equal(((string?)lost["tokenId"], "administrator", "phone lost on the dyke"), ((string?)entry["subject"], (string?)entry["who"], (string?)entry["reason"]));
    }

    [Fact]
    public async Task revoking_a_volunteer_refuses_every_token_issued_until_then_and_a_token_issued_later_works()
    {
        var world = new World(_app.CreateClient());
        var volunteer = await world.Volunteer("v");
        using var phone = SignedIn(await Mint(world.Client, new { role = "volunteer", volunteerId = volunteer }));
        using var tablet = SignedIn(await Mint(world.Client, new { role = "volunteer", volunteerId = volunteer }));
        var status = $"/api/volunteers/{volunteer}/status";

        await (await world.Client.PostJson("/api/tokens/revocations", new { subject = $"volunteer:{volunteer}", reason = "left the team" }))
            .Expect(HttpStatusCode.Created);

        await ExpectRevoked(await phone.GetAsync(status));
        await ExpectRevoked(await tablet.GetAsync(status));
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        using var rejoined = SignedIn(await Mint(world.Client, new { role = "volunteer", volunteerId = volunteer }));
        await (await rejoined.GetAsync(status)).Expect(HttpStatusCode.OK);
        var list = (await world.Get("/api/tokens/revocations")).AsArray();
        Assert.Equal($"volunteer:{volunteer}", (string?)list.Single()!["subject"]);
    }

    [Fact]
    public async Task revoking_either_subject_of_a_volunteer_signs_the_person_out_under_every_role_and_subject_their_tokens_carry()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var team = await world.Team("team", city, 39.9, 116.4, 2, "first-aid");
        var leader = team.Leader;
        var member = team.Members[1];
        var phone = SignedIn(await Mint(world.Client, new { role = "volunteer", volunteerId = leader }));
        var asLeader = SignedIn(await Mint(world.Client, new { role = "team-leader", volunteerId = leader, teamId = team.Id }));
        // A minter may name the person otherwise; the token still names the volunteer it is for.
        var named = SignedIn(await Mint(world.Client, new { role = "volunteer", volunteerId = leader, subject = "zhang.wei.phone" }));
        var memberPhone = SignedIn(await Mint(world.Client, new { role = "volunteer", volunteerId = member }));
        var memberNamed = SignedIn(await Mint(world.Client, new { role = "volunteer", volunteerId = member, subject = "li.na" }));
        var status = $"/api/volunteers/{leader}/status";

        await (await world.Client.PostJson("/api/tokens/revocations", new { subject = $"volunteer:{leader}", reason = "left the organisation" }))
            .Expect(HttpStatusCode.Created);
        await ExpectRevoked(await phone.GetAsync(status));
        await ExpectRevoked(await asLeader.GetAsync($"/api/teams/{team.Id}"));
        await ExpectRevoked(await named.GetAsync(status));
        await (await memberPhone.GetAsync($"/api/volunteers/{member}/status")).Expect(HttpStatusCode.OK);

        // The other way round: the leader's subject names the member's person too.
        await (await world.Client.PostJson("/api/tokens/revocations", new { subject = $"team-leader:{member}", reason = "left the organisation" }))
            .Expect(HttpStatusCode.Created);
        await ExpectRevoked(await memberPhone.GetAsync($"/api/volunteers/{member}/status"));
        await ExpectRevoked(await memberNamed.GetAsync($"/api/volunteers/{member}/status"));
        foreach (var client in new[] { phone, asLeader, named, memberPhone, memberNamed }) client.Dispose();
    }

    [Fact]
    public async Task an_enrolment_link_made_before_the_volunteer_was_revoked_no_longer_signs_them_in_and_one_made_after_does()
    {
        var world = new World(_app.CreateClient());
        var volunteer = await world.Volunteer("v");
        var waiting = await (await world.Client.PostJson("/api/enrolments", new { volunteerId = volunteer })).Expect(HttpStatusCode.Created);

        await (await world.Client.PostJson("/api/tokens/revocations", new { subject = $"team-leader:{volunteer}", reason = "left the organisation" }))
            .Expect(HttpStatusCode.Created);
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        using var phone = _app.CreateAnonymousClient();
        var refused = await (await phone.PostJson($"/api/enrolments/{(string)waiting["code"]!}/redemption", null)).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:enrolment.revoked", (string?)refused["type"]);

        var fresh = await (await world.Client.PostJson("/api/enrolments", new { volunteerId = volunteer })).Expect(HttpStatusCode.Created);
        var redeemed = await (await phone.PostJson($"/api/enrolments/{(string)fresh["code"]!}/redemption", null)).Expect(HttpStatusCode.OK);
        using var signedIn = SignedIn(redeemed);
        await (await signedIn.GetAsync($"/api/volunteers/{volunteer}/status")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task revocations_survive_a_restart_on_the_same_data_folder()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var minted = await Mint(world.Client, new { role = "observer", organisationId = city });
        await (await world.Client.PostJson("/api/tokens/revocations", new { tokenId = (string)minted["tokenId"]!, reason = "observer's term ended" }))
            .Expect(HttpStatusCode.Created);

        _app = await _app.RestartAsync();

        // The signing key is kept in the data folder, so the token is still genuine: only the revocation refuses it.
        using var observer = SignedIn(minted);
        await ExpectRevoked(await observer.GetAsync($"/api/organisations/{city}"));
        var list = (await new World(_app.CreateClient()).Get("/api/tokens/revocations")).AsArray();
        Assert.Equal((string?)minted["tokenId"], (string?)list.Single()!["tokenId"]);
    }

    [Fact]
    public async Task a_bad_revocation_names_the_field_and_revokes_nothing()
    {
        var world = new World(_app.CreateClient());
        async Task<IReadOnlyList<string>> Fields(object body) =>
            (await (await world.Client.PostJson("/api/tokens/revocations", body)).Expect(HttpStatusCode.BadRequest)).ErrorFields();

        Assert.Equal(["tokenId"], await Fields(new { reason = "lost" }));
        Assert.Equal(["subject"], await Fields(new { tokenId = "abc", subject = "commander.li", reason = "lost" }));
        Assert.Equal(["reason"], await Fields(new { tokenId = "abc" }));
        Assert.Equal(["reason"], await Fields(new { tokenId = "abc", reason = "  " }));
        Assert.Equal(["tokenId"], await Fields(new { tokenId = "a b", reason = "lost" }));
        Assert.Equal(["subject"], await Fields(new { subject = new string('x', 257), reason = "lost" }));
        await (await world.Client.SendRaw(HttpMethod.Post, "/api/tokens/revocations", "{\"tokenId\": 7}")).Expect(HttpStatusCode.BadRequest);

        Assert.Empty((await world.Get("/api/tokens/revocations")).AsArray());
        Assert.DoesNotContain((await world.Get("/api/audit")).AsArray(), e => ((string?)e!["action"])!.EndsWith(".revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_retried_revocation_answers_the_same_and_only_administrators_may_revoke()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var first = await world.Client.PostJson("/api/tokens/revocations", new { subject = "commander.wang", reason = "left" }, "revoke-wang");
        var retry = await world.Client.PostJson("/api/tokens/revocations", new { subject = "commander.wang", reason = "left" }, "revoke-wang");
        Assert.Equal((await first.Expect(HttpStatusCode.Created)).ToJsonString(), (await retry.Expect(HttpStatusCode.Created)).ToJsonString());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Single((await world.Get("/api/audit")).AsArray(), e => (string?)e!["action"] == "subject.revoked");

        using var commander = _app.CreateCommanderClient(city);
        await (await commander.PostJson("/api/tokens/revocations", new { subject = "commander.zhao", reason = "coup" })).Expect(HttpStatusCode.Forbidden);
        await (await commander.GetAsync("/api/tokens/revocations")).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task commander_tokens_minted_without_a_subject_each_get_their_own_and_the_answer_says_which()
    {
        var world = new World(_app.CreateClient());
        var city = await world.City();
        var first = await Mint(world.Client, new { role = "commander", organisationId = city });
        var second = await Mint(world.Client, new { role = "commander", organisationId = city });
        var volunteer = await world.Volunteer("v");
        var phone = await Mint(world.Client, new { role = "volunteer", volunteerId = volunteer });

        Assert.StartsWith($"commander:{city}:", (string?)first["subject"]);
        Assert.StartsWith($"commander:{city}:", (string?)second["subject"]);
        Assert.NotEqual((string?)first["subject"], (string?)second["subject"]);
        Assert.Equal($"volunteer:{volunteer}", (string?)phone["subject"]);

        // Revoking one such subject leaves the other commander signed in.
        await (await world.Client.PostJson("/api/tokens/revocations", new { subject = (string)first["subject"]!, reason = "shift over" })).Expect(HttpStatusCode.Created);
        using var one = SignedIn(first);
        using var two = SignedIn(second);
        await ExpectRevoked(await one.GetAsync($"/api/organisations/{city}"));
        await (await two.GetAsync($"/api/organisations/{city}")).Expect(HttpStatusCode.OK);
    }
}
