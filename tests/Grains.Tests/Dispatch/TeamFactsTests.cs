using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Mobilize.TestKit;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class TeamFactsTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly GeoPoint Base = new(39.9250, 116.4450);

    private static MemberCard Member(string id, VolunteerReadiness? readiness = null, bool insured = true, params Certification[] certifications) =>
        new(VolunteerId.Create(id), 1, readiness ?? new VolunteerReadiness(DutyStatus.Available, null, null, null, null),
            [.. certifications], insured ? World.Insured : null);

    private static TeamCard Card(params MemberCard[] members) =>
        new(TeamId.Create("cy-a"), World.Chaoyang, Base, DutyStatus.Available, null, null, null, [.. members]);

    [Fact]
    public void only_members_who_could_deploy_now_count_towards_capabilities_and_insurance()
    {
        var offDuty = new VolunteerReadiness(DutyStatus.Off, null, null, null, null);
        var elsewhere = new VolunteerReadiness(DutyStatus.Assigned, null, null, null, IncidentId.Create("other"));
        var facts = TeamFacts.At(Card(
            Member("a", certifications: World.Cert("medical")),
            Member("b", offDuty, insured: false, World.Cert("medical"), World.Cert("water-rescue")),
            Member("c", elsewhere, certifications: World.Cert("medical"))), Now);

        Assert.Equal(new Dictionary<string, int> { ["medical"] = 1 }, facts.QualifiedMembers);
        Assert.Equal((DutyStatus.Available, true, 3), (facts.Status, facts.DeployingMembersInsured, facts.MemberCount));
    }

    [Fact]
    public void a_certificate_that_ran_out_yesterday_is_expired_unless_another_member_holds_a_valid_one()
    {
        var lapsed = World.Cert("water-rescue", new DateOnly(2026, 7, 19));

        Assert.Contains("water-rescue", TeamFacts.At(Card(Member("a", certifications: lapsed)), Now).ExpiredCapabilities);
        Assert.Empty(TeamFacts.At(Card(Member("a", certifications: lapsed), Member("b", certifications: World.Cert("water-rescue"))), Now).ExpiredCapabilities);
    }

    [Fact]
    public void a_team_is_placed_by_its_freshest_member_report_and_otherwise_at_its_base_as_of_now()
    {
        var older = new LocationReport(new GeoPoint(39.90, 116.40), Now.AddMinutes(-20), 30);
        var newer = new LocationReport(new GeoPoint(39.91, 116.41), Now.AddMinutes(-5), 30);
        var moving = TeamFacts.At(Card(
            Member("a", new VolunteerReadiness(DutyStatus.Available, null, null, older, null)),
            Member("b", new VolunteerReadiness(DutyStatus.OnCall, Now.AddHours(1), null, newer, null))), Now);
        var atBase = TeamFacts.At(Card(Member("a")), Now);

        Assert.Equal((newer.Point, newer.ReportedAt), (moving.Location!.Value, moving.LocationReportedAt!.Value));
        Assert.Equal((Base, Now), (atBase.Location!.Value, atBase.LocationReportedAt!.Value));
    }

    [Fact]
    public void a_team_on_duty_with_nobody_on_duty_is_off_and_a_deployed_team_is_assigned()
    {
        var nobody = TeamFacts.At(Card(Member("a", new VolunteerReadiness(DutyStatus.Off, null, null, null, null))), Now);
        var deployed = TeamFacts.At(Card(Member("a")) with { CurrentIncident = IncidentId.Create("flood") }, Now);

        Assert.Equal(DutyStatus.Off, nobody.Status);
        Assert.Equal(DutyStatus.Assigned, deployed.Status);
    }

    [Fact]
    public void the_directory_finds_teams_with_expired_certificates_so_the_gate_can_name_the_reason_but_not_unknown_capabilities()
    {
        var directory = new DispatchDirectory(new ManualTimeProvider(Now));
        directory.Update(Card(Member("a", certifications: World.Cert("water-rescue", new DateOnly(2026, 1, 1)))), version: 1);

        var found = Assert.Single(directory.Search(new GeoPoint(39.92, 116.44), 5_000, "water-rescue", Now));
        Assert.Equal(0, found.Facts.QualifiedFor("water-rescue"));
        Assert.Empty(directory.Search(new GeoPoint(39.92, 116.44), 5_000, "never-heard-of-it", Now));
        Assert.Empty(directory.Search(new GeoPoint(31.23, 121.47), 5_000, "water-rescue", Now));
    }
}
