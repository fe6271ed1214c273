using System.Net;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Access;

public sealed class TokensApiTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());

    [Fact]
    public async Task an_administrator_mints_a_volunteer_token_that_opens_that_volunteers_own_record()
    {
        var volunteer = await _world.Volunteer("v");
        var minted = await (await _world.Client.PostJson("/api/tokens", new { role = "volunteer", volunteerId = volunteer, lifetimeMinutes = 60 }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(MobilizeApp.Start.AddMinutes(60), DateTimeOffset.Parse((string)minted["expiresAt"]!));

        using var phone = fixture.App.CreateAnonymousClient();
        phone.DefaultRequestHeaders.Authorization = new("Bearer", (string)minted["token"]!);
        var status = await (await phone.GetAsync($"/api/volunteers/{volunteer}/status")).Expect(HttpStatusCode.OK);
        Assert.Equal(volunteer, (string?)status["id"]);
    }

    [Fact]
    public async Task each_role_must_name_the_ids_it_is_scoped_by_and_the_problem_names_the_field()
    {
        async Task<IReadOnlyList<string>> Fields(object body) =>
            (await (await _world.Client.PostJson("/api/tokens", body)).Expect(HttpStatusCode.BadRequest)).ErrorFields();

        Assert.Equal(["role"], await Fields(new { }));
        Assert.Equal(["role"], await Fields(new { role = "mayor" }));
        Assert.Equal(["organisationId"], await Fields(new { role = "commander" }));
        Assert.Equal(["organisationId"], await Fields(new { role = "observer" }));
        Assert.Equal(["volunteerId"], await Fields(new { role = "volunteer" }));
        Assert.Equal(["volunteerId", "teamId"], await Fields(new { role = "team-leader" }));
        Assert.Equal(["lifetimeMinutes"], await Fields(new { role = "administrator", lifetimeMinutes = 0 }));
        Assert.Equal(["subject"], await Fields(new { role = "administrator", subject = "张 三" }));
    }

    [Fact]
    public async Task unknown_ids_are_404_and_a_team_leader_must_lead_the_team()
    {
        await (await _world.Client.PostJson("/api/tokens", new { role = "commander", organisationId = _world.Id("nowhere") })).Expect(HttpStatusCode.NotFound);
        await (await _world.Client.PostJson("/api/tokens", new { role = "volunteer", volunteerId = _world.Id("nobody") })).Expect(HttpStatusCode.NotFound);

        var city = await _world.City();
        var team = await _world.Team("team", city, 39.9, 116.4, 2, "water-rescue");
        var problem = await (await _world.Client.PostJson("/api/tokens", new { role = "team-leader", volunteerId = team.Members[1], teamId = team.Id }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["volunteerId"], problem.ErrorFields());
        await (await _world.Client.PostJson("/api/tokens", new { role = "team-leader", volunteerId = team.Leader, teamId = team.Id }))
            .Expect(HttpStatusCode.Created);
        await (await _world.Client.PostJson("/api/tokens", new { role = "observer", organisationId = city })).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task a_token_names_the_person_it_was_minted_for_so_the_audit_log_says_who_looked()
    {
        var city = await _world.City();
        var team = await _world.Team("team", city, 39.9, 116.4, 2, "first-aid");
        var minted = await (await _world.Client.PostJson("/api/tokens", new { role = "commander", organisationId = city, subject = "commander.zhang" }))
            .Expect(HttpStatusCode.Created);
        using var commander = fixture.App.CreateAnonymousClient();
        commander.DefaultRequestHeaders.Authorization = new("Bearer", (string)minted["token"]!);
        await (await commander.GetAsync($"/api/volunteers/{team.Leader}?unmasked=true&reason=callback")).Expect(HttpStatusCode.OK);

        var audit = (await _world.Get("/api/audit")).AsArray();
        Assert.Equal("commander.zhang", (string?)audit.Single(e => (string?)e!["subject"] == team.Leader)!["who"]);
    }

    [Fact]
    public async Task only_an_administrator_mints_tokens()
    {
        var city = await _world.City();
        var volunteer = await _world.Volunteer("v");
        foreach (var grant in new[]
        {
            new TokenGrant(Roles.Commander, Organisation: OrganisationId.Create(city)),
            new TokenGrant(Roles.Observer, Organisation: OrganisationId.Create(city)),
            new TokenGrant(Roles.Volunteer, Volunteer: VolunteerId.Create(volunteer)),
        })
        {
            using var client = fixture.App.CreateClient(grant);
            await (await client.PostJson("/api/tokens", new { role = "administrator" })).Expect(HttpStatusCode.Forbidden);
        }
    }
}
