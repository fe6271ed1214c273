using Microsoft.Extensions.DependencyInjection;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Registry;

public sealed class TeamGrainTests
{
    private static readonly GeoPoint Base = new(39.9250, 116.4450);

    [Fact]
    public async Task capabilities_come_only_from_members_with_valid_certifications()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, Base, members: 2, capability: "first-aid");
        var lapsed = await world.Volunteer("lapsed", [World.Cert("water-rescue", new DateOnly(2026, 1, 31))]);
        (await world.Grains.Team(team).AddMember(lapsed)).ValueOrThrow();

        var view = await world.Settle(team);

        Assert.Equal(new Dictionary<string, int> { ["first-aid"] = 2 }, view.QualifiedMembers);
        Assert.Equal(3, view.Members.Length);
        Assert.Contains(team, (await world.Grains.Organisation(World.Chaoyang).Get()).ValueOrThrow().Teams);
    }

    [Fact]
    public async Task a_members_renewed_certification_reaches_the_team_and_the_directory()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, Base, members: 1, capability: "medical");
        (await world.Grains.Volunteer(World.Member(team, 0)).UpdateCertifications([World.Cert("medical"), World.Cert("water-rescue")])).ValueOrThrow();

        var view = await world.Settle(team);
        var directory = world.Cluster.Services.GetRequiredService<IDispatchDirectory>();

        Assert.Equal(1, view.QualifiedMembers["water-rescue"]);
        Assert.Equal([team], directory.Search(Base, 1_000, "water-rescue", world.Now).Select(m => m.Facts.Team));
    }

    [Fact]
    public async Task a_team_whose_members_are_all_off_duty_reads_as_off()
    {
        await using var world = await World.StartAsync();
        var team = await world.Team("cy-a", World.Chaoyang, Base, members: 1);
        (await world.Grains.Volunteer(World.Member(team, 0)).SetDuty(new DutyChange(DutyStatus.Off))).ValueOrThrow();

        Assert.Equal(DutyStatus.Off, (await world.Settle(team)).Status);
    }

    [Fact]
    public async Task the_leader_cannot_leave_and_an_unknown_volunteer_cannot_join()
    {
        await using var world = await World.StartAsync();
        var team = world.Grains.Team(await world.Team("cy-a", World.Chaoyang, Base, members: 2));

        Assert.Equal("team.leader-cannot-leave", (await team.RemoveMember(World.Member(TeamId.Create("cy-a"), 0))).Refusal!.Code);
        Assert.Equal("volunteerId", (await team.AddMember(VolunteerId.Create("ghost"))).Refusal!.Errors.Single().Field);
        Assert.Single((await team.RemoveMember(World.Member(TeamId.Create("cy-a"), 1))).ValueOrThrow().Members);
    }

    [Fact]
    public async Task a_team_under_a_missing_organisation_or_leader_is_refused()
    {
        await using var world = await World.StartAsync();
        var leader = await world.Volunteer("leader", []);

        var noOrganisation = await world.Grains.Team(TeamId.Create("t")).Create(new TeamRegistration("救援队", OrganisationId.Create("nowhere"), leader, Base, 2));
        var noLeader = await world.Grains.Team(TeamId.Create("t")).Create(new TeamRegistration("救援队", World.Chaoyang, VolunteerId.Create("ghost"), Base, 2));

        Assert.Equal("organisationId", noOrganisation.Refusal!.Errors.Single().Field);
        Assert.Equal("leaderId", noLeader.Refusal!.Errors.Single().Field);
    }

    [Fact]
    public async Task answers_to_unknown_offers_from_outsiders_or_after_withdrawal_are_refused_and_change_nothing()
    {
        await using var world = await World.StartAsync();
        var teamId = await world.Team("cy-a", World.Chaoyang, Base, minimumToMuster: 2);
        var other = await world.Team("cy-b", World.Chaoyang, new GeoPoint(39.9260, 116.4460), minimumToMuster: 1);
        var incident = IncidentId.Create("flood");
        var created = (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 1)]))).ValueOrThrow();
        var team = world.Grains.Team(teamId);
        var offer = World.OfferTo(created, teamId).Id;

        Assert.Equal("offer.not-found", (await team.Answer(OfferId.Create("nope"), new MemberAnswer(World.Member(teamId, 0), OfferAnswer.Accept))).Refusal!.Code);
        Assert.Equal("team.not-a-member", (await team.Answer(offer, new MemberAnswer(World.Member(other, 0), OfferAnswer.Accept))).Refusal!.Code);
        Assert.Equal("team.not-leader", (await team.ConfirmMuster(offer, World.Member(teamId, 1))).Refusal!.Code);

        // The other team musters first; this team's offer is withdrawn as not needed.
        (await world.Grains.Team(other).Answer(World.OfferTo(created, other).Id, new MemberAnswer(World.Member(other, 0), OfferAnswer.Accept))).ValueOrThrow();
        Assert.Equal("offer.not-needed", (await team.Answer(offer, new MemberAnswer(World.Member(teamId, 0), OfferAnswer.Accept))).Refusal!.Code);
        Assert.Empty((await team.GetOffers()).Single().Answers);
        Assert.Null((await world.Settle(teamId)).Assignment);
    }

    [Fact]
    public async Task a_retried_member_answer_counts_once_and_a_changed_answer_counts_again()
    {
        await using var world = await World.StartAsync();
        var teamId = await world.Team("cy-a", World.Chaoyang, Base, minimumToMuster: 2);
        var created = (await world.Grains.Incident(IncidentId.Create("flood")).Create(new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 1)]))).ValueOrThrow();
        var team = world.Grains.Team(teamId);
        var offer = World.OfferTo(created, teamId).Id;
        var accept = new MemberAnswer(World.Member(teamId, 0), OfferAnswer.Accept, TimeSpan.FromMinutes(12));

        (await team.Answer(offer, accept)).ValueOrThrow();
        var retried = (await team.Answer(offer, accept)).ValueOrThrow();
        var changed = (await team.Answer(offer, accept with { Eta = TimeSpan.FromMinutes(20) })).ValueOrThrow();

        Assert.Single(retried.Answers);
        Assert.Equal(2, changed.Answers.Length);
    }

    [Fact]
    public async Task check_in_is_refused_for_a_member_not_deployed_with_the_team()
    {
        await using var world = await World.StartAsync();
        var teamId = await world.Team("cy-a", World.Chaoyang, Base);
        var outcome = await world.Grains.Team(teamId).CheckIn(IncidentId.Create("flood"), World.Member(teamId, 0));

        Assert.Equal("team.not-assigned", outcome.Refusal!.Code);
    }
    [Fact]
    public async Task a_team_that_lost_its_muster_in_a_crash_musters_again_and_learns_it_was_taken()
    {
        await using var world = await World.StartAsync();
        var teamId = await world.Team("cy-a", World.Chaoyang, Base, minimumToMuster: 1);
        var incident = IncidentId.Create("flood");
        var created = (await world.Grains.Incident(incident).Create(new IncidentRequest("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
            [new RequirementSpec("boats", "water-rescue", 1, 1)]))).ValueOrThrow();
        var offer = World.OfferTo(created, teamId).Id;
        await world.Settle(teamId);
        // The incident took the team, but the team's own record of it never reached storage.
        Assert.True((await world.Grains.Incident(incident).AnswerOffer(offer, teamId, OfferAnswer.Accept)).Taken);

        var mustered = (await world.Grains.Team(teamId).Answer(offer, new MemberAnswer(World.Member(teamId, 0), OfferAnswer.Accept))).ValueOrThrow();

        Assert.Equal(TeamOfferStatus.Accepted, mustered.Status);
        Assert.Equal(incident, (await world.Settle(teamId)).Assignment!.Incident);
    }
}
