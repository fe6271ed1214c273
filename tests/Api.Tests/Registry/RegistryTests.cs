using System.Net;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Registry;

public sealed class RegistryTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly World _world = new(fixture.App.CreateClient());
    private HttpClient Client => _world.Client;

    [Fact]
    public async Task a_registered_volunteer_reads_back_with_phone_and_id_number_masked()
    {
        var id = _world.Id("li");
        var phone = World.NewPhone();
        var created = await (await Client.PostJson("/api/volunteers", new
        {
            id,
            realName = "李明",
            phone,
            idNumber = "11010519491231002X",
            skills = new[] { "first-aid" },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(id, (string?)created["id"]);

        var read = await _world.Get($"/api/volunteers/{id}");
        Assert.Equal("李明", (string?)read["realName"]);
        Assert.True((bool)read["masked"]!);
        Assert.NotEqual(phone, (string?)read["phone"]);
        Assert.DoesNotContain("19491231", (string?)read["idNumber"]);
    }

    [Fact]
    public async Task a_second_volunteer_with_a_taken_phone_is_a_conflict_and_is_not_registered()
    {
        var phone = World.NewPhone();
        await (await Client.PostJson("/api/volunteers", World.Registration(_world.Id("a"), "王芳", phone))).Expect(HttpStatusCode.Created);

        var problem = await (await Client.PostJson("/api/volunteers", World.Registration(_world.Id("b"), "王芳芳", phone))).Expect(HttpStatusCode.Conflict);
        Assert.Equal("urn:mobilize:problem:volunteer.phone-taken", (string?)problem["type"]);
        await (await Client.GetAsync($"/api/volunteers/{_world.Id("b")}")).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_unknown_volunteer_team_organisation_or_incident_is_a_404_problem()
    {
        foreach (var url in new[] { "/api/volunteers/nobody", "/api/teams/nobody", "/api/organisations/nobody", "/api/incidents/nobody", "/api/incidents/nobody/timeline" })
        {
            var response = await Client.GetAsync(url);
            var problem = await response.Expect(HttpStatusCode.NotFound);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith("not-found", (string?)problem["type"]);
        }
    }

    [Fact]
    public async Task an_organisation_tree_and_a_team_with_members_read_back()
    {
        var city = await _world.City();
        var chaoyang = await _world.District(city, "chaoyang", "朝阳区");
        var team = await _world.Team("cy", chaoyang, 39.92, 116.44, members: 3, capability: "water-rescue");

        var view = await _world.Get($"/api/teams/{team.Id}");
        Assert.Equal(3, view["members"]!.AsArray().Count);
        Assert.Equal(team.Leader, (string?)view["leader"]);
        Assert.Equal(39.92, (double)view["baseLocation"]!["latitude"]!);
        var organisation = await _world.Get($"/api/organisations/{chaoyang}");
        Assert.Contains(team.Id, organisation["teams"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(city, (string?)organisation["ancestors"]![0]);
    }

    [Fact]
    public async Task a_certification_that_expires_before_it_was_issued_is_refused_and_nothing_is_stored()
    {
        var id = _world.Id("expired");
        var problem = await (await Client.PostJson("/api/volunteers", new
        {
            id,
            realName = "赵强",
            phone = World.NewPhone(),
            certifications = new[] { new { capability = "water-rescue", issued = World.Today.AddYears(-3), expires = World.Today.AddYears(-4) } },
        })).Expect(HttpStatusCode.BadRequest);
        Assert.Contains("certifications[0].expires", problem.ErrorFields());
        await (await Client.GetAsync($"/api/volunteers/{id}")).Expect(HttpStatusCode.NotFound);
    }
}
