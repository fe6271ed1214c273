using System.Net;
using System.Text.Json.Nodes;
using Mobilize.Api.Access;
using Mobilize.Api.Tests.Infrastructure;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Tests.Access;

/// <summary>Membership is consent: a commander who adds a volunteer whose record they do not hold only invites them,
/// and gains no power over the record until the volunteer accepts with their own token. One who already holds the
/// record (it was registered by their organisation, or the volunteer is in one of their teams) adds at once.</summary>
public sealed class MembershipTests(MobilizeAppFixture fixture) : IClassFixture<MobilizeAppFixture>
{
    private readonly MobilizeApp _app = fixture.App;

    private sealed record Districts(World World, string A, string B, TeamInfo TeamA, TeamInfo TeamB)
    {
        public string VolunteerB => TeamB.Members[1];
    }

    private static async Task<Districts> TwoDistricts(MobilizeApp app)
    {
        var world = new World(app.CreateClient());
        var city = await world.City();
        var a = await world.District(city, "a", "东城区");
        var b = await world.District(city, "b", "西城区");
        return new Districts(world, a, b,
            await world.Team("team-a", a, 39.93, 116.42, 2, "water-rescue"),
            await world.Team("team-b", b, 39.91, 116.36, 2, "water-rescue"));
    }

    /// <summary>Every power over a volunteer's record a commander of A could use, as (what, status).</summary>
    private static async Task<List<(string What, HttpStatusCode Status)>> Powers(HttpClient commander, string volunteer, string organisation)
    {
        var answers = new List<(string, HttpStatusCode)>
        {
            ("unmask", (await commander.GetAsync($"/api/volunteers/{volunteer}?unmasked=true&reason=check")).StatusCode),
            ("read", (await commander.GetAsync($"/api/volunteers/{volunteer}")).StatusCode),
            ("status", (await commander.GetAsync($"/api/volunteers/{volunteer}/status")).StatusCode),
            ("service record", (await commander.GetAsync($"/api/volunteers/{volunteer}/service-record")).StatusCode),
            ("certifications", (await commander.PutJson($"/api/volunteers/{volunteer}/certifications", new { certifications = Array.Empty<object>() })).StatusCode),
            ("insurance", (await commander.PutJson($"/api/volunteers/{volunteer}/insurance", new
            {
                insurance = new { policyNumber = "PICC-X", validFrom = World.Today.AddMonths(-1), validTo = World.Today.AddMonths(6) },
            })).StatusCode),
            ("enrolment link", (await commander.PostJson("/api/enrolments", new { volunteerId = volunteer })).StatusCode),
            ("lead a new team", (await commander.PostJson("/api/teams", new
            {
                id = $"t-{Guid.NewGuid():N}"[..20], name = "新队", organisationId = organisation, leaderId = volunteer,
                baseLocation = new { latitude = 39.93, longitude = 116.42 }, minimumMembersToMuster = 1,
            })).StatusCode),
        };
        return answers;
    }

    [Fact]
    public async Task adding_another_districts_volunteer_only_invites_them_and_grants_nothing_over_their_record_until_they_accept()
    {
        var d = await TwoDistricts(_app);
        using var commanderA = _app.CreateCommanderClient(d.A);
        using var leaderA = _app.CreateClient(new TokenGrant(Roles.TeamLeader, Volunteer: VolunteerId.Create(d.TeamA.Leader), Team: TeamId.Create(d.TeamA.Id)));
        using var volunteerB = _app.CreateVolunteerClient(d.VolunteerB);
        var certificationsBefore = (await d.World.Get($"/api/volunteers/{d.VolunteerB}"))["certifications"]!.ToJsonString();

        var invited = await (await commanderA.PostJson($"/api/teams/{d.TeamA.Id}/members", new { volunteerId = d.VolunteerB })).Expect(HttpStatusCode.Accepted);
        Assert.Equal([d.VolunteerB], invited["invited"]!.AsArray().Select(v => (string?)v));
        Assert.DoesNotContain(d.VolunteerB, invited["members"]!.AsArray().Select(v => (string?)v));
        // A retry invites no more than once.
        var again = await (await commanderA.PostJson($"/api/teams/{d.TeamA.Id}/members", new { volunteerId = d.VolunteerB })).Expect(HttpStatusCode.Accepted);
        Assert.Equal(invited.ToJsonString(), again.ToJsonString());

        Assert.All(await Powers(commanderA, d.VolunteerB, d.A), p => Assert.True(p.Status == HttpStatusCode.Forbidden, $"{p.What}: {(int)p.Status}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await leaderA.GetAsync($"/api/volunteers/{d.VolunteerB}/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leaderA.PutJson($"/api/volunteers/{d.VolunteerB}/duty", new { status = "Off" })).StatusCode);
        var profile = await d.World.Get($"/api/volunteers/{d.VolunteerB}");
        Assert.Equal(certificationsBefore, profile["certifications"]!.ToJsonString());
        Assert.Equal([d.TeamB.Id], profile["teams"]!.AsArray().Select(t => (string?)t));

        // The volunteer sees the invitation on their own record and accepts it with their own token; no one else can.
        var own = await (await volunteerB.GetAsync($"/api/volunteers/{d.VolunteerB}")).Expect(HttpStatusCode.OK);
        Assert.Equal([d.TeamA.Id], own["invitations"]!.AsArray().Select(t => (string?)t));
        var acceptance = $"/api/teams/{d.TeamA.Id}/invitations/{d.VolunteerB}/acceptance";
        Assert.Equal(HttpStatusCode.Forbidden, (await commanderA.PostJson(acceptance, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leaderA.PostJson(acceptance, null)).StatusCode);
        var joined = await (await volunteerB.PostJson(acceptance, null)).Expect(HttpStatusCode.OK);
        Assert.Contains(d.VolunteerB, joined["members"]!.AsArray().Select(v => (string?)v));
        Assert.Empty(joined["invited"]!.AsArray());
        await (await volunteerB.PostJson(acceptance, null)).Expect(HttpStatusCode.OK);

        // Consent given: the commander of A now holds the record, as of any member of their team.
        await (await commanderA.GetAsync($"/api/volunteers/{d.VolunteerB}?unmasked=true&reason=roster check")).Expect(HttpStatusCode.OK);
        Assert.Empty((await (await volunteerB.GetAsync($"/api/volunteers/{d.VolunteerB}")).Expect(HttpStatusCode.OK))["invitations"]!.AsArray());
    }

    [Fact]
    public async Task an_invitation_declined_or_withdrawn_cannot_be_accepted_and_one_never_sent_cannot_either()
    {
        var d = await TwoDistricts(_app);
        using var commanderA = _app.CreateCommanderClient(d.A);
        using var volunteerB = _app.CreateVolunteerClient(d.VolunteerB);
        using var leaderB = _app.CreateVolunteerClient(d.TeamB.Leader);
        var acceptance = $"/api/teams/{d.TeamA.Id}/invitations/{d.VolunteerB}/acceptance";

        var never = await (await volunteerB.PostJson(acceptance, null)).Expect(HttpStatusCode.NotFound);
        Assert.Equal("urn:mobilize:problem:team.invitation-not-found", (string?)never["type"]);

        await (await commanderA.PostJson($"/api/teams/{d.TeamA.Id}/members", new { volunteerId = d.VolunteerB })).Expect(HttpStatusCode.Accepted);
        // Only the invited volunteer answers for themself.
        Assert.Equal(HttpStatusCode.Forbidden, (await leaderB.PostJson(acceptance, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await leaderB.DeleteAsync($"/api/teams/{d.TeamA.Id}/invitations/{d.VolunteerB}")).StatusCode);
        await (await volunteerB.DeleteAsync($"/api/teams/{d.TeamA.Id}/invitations/{d.VolunteerB}")).Expect(HttpStatusCode.NoContent);
        await (await volunteerB.PostJson(acceptance, null)).Expect(HttpStatusCode.NotFound);
        Assert.Empty((await d.World.Get($"/api/volunteers/{d.VolunteerB}"))["invitations"]!.AsArray());
        Assert.Empty((await d.World.Get($"/api/teams/{d.TeamA.Id}"))["invited"]!.AsArray());

        // Withdrawn by the team before the answer.
        await (await commanderA.PostJson($"/api/teams/{d.TeamA.Id}/members", new { volunteerId = d.VolunteerB })).Expect(HttpStatusCode.Accepted);
        await (await commanderA.DeleteAsync($"/api/teams/{d.TeamA.Id}/invitations/{d.VolunteerB}")).Expect(HttpStatusCode.NoContent);
        await (await volunteerB.PostJson(acceptance, null)).Expect(HttpStatusCode.NotFound);
        Assert.DoesNotContain(d.TeamA.Id, (await d.World.Get($"/api/volunteers/{d.VolunteerB}"))["teams"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task a_commander_who_already_holds_the_record_adds_at_once_and_a_member_may_leave_by_their_own_word()
    {
        var d = await TwoDistricts(_app);
        using var commanderA = _app.CreateCommanderClient(d.A);

        // Registered by district A's commander: A holds the record from the start, so it may lead a team of A at once.
        var mine = d.World.Id("mine");
        await (await commanderA.PostJson("/api/volunteers", World.Registration(mine, "王小明", World.NewPhone(), "water-rescue"))).Expect(HttpStatusCode.Created);
        var registered = await d.World.Get($"/api/volunteers/{mine}");
        Assert.Equal(d.A, (string?)registered["registeredBy"]);
        await (await commanderA.PostJson("/api/teams", new
        {
            id = d.World.Id("team-mine"), name = "新队", organisationId = d.A, leaderId = mine,
            baseLocation = new { latitude = 39.93, longitude = 116.42 }, minimumMembersToMuster = 1,
        })).Expect(HttpStatusCode.Created);

        // A member of one of A's teams is held by A too: adding them to another team of A needs no invitation.
        var added = await (await commanderA.PostJson($"/api/teams/{d.World.Id("team-mine")}/members", new { volunteerId = d.TeamA.Members[1] }))
            .Expect(HttpStatusCode.OK);
        Assert.Contains(d.TeamA.Members[1], added["members"]!.AsArray().Select(v => (string?)v));

        // District B's commander does not hold what A registered.
        using var commanderB = _app.CreateCommanderClient(d.B);
        Assert.All(await Powers(commanderB, mine, d.B), p => Assert.True(p.Status == HttpStatusCode.Forbidden, $"{p.What}: {(int)p.Status}"));

        // Consent is the volunteer's to take back.
        using var member = _app.CreateVolunteerClient(d.TeamA.Members[1]);
        var left = await (await member.DeleteAsync($"/api/teams/{d.World.Id("team-mine")}/members/{d.TeamA.Members[1]}")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(d.TeamA.Members[1], left["members"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync($"/api/teams/{d.TeamA.Id}/members/{d.TeamA.Leader}")).StatusCode);
    }
}
