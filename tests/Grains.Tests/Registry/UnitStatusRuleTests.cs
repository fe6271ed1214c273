using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Privacy;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Registry;

/// <summary>The unit board's statuses and a member's arrival follow from what the team holds: duty, open offers, the
/// assignment, members' positions and check-ins.</summary>
public sealed class UnitStatusRuleTests
{
    private static readonly DateTimeOffset Mustered = new(2026, 7, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly VolunteerId Deployed = VolunteerId.Create("v-1");
    private static readonly VolunteerId Stayed = VolunteerId.Create("v-2");

    private static TeamAssignment Assignment(params MemberAttendance[] attendance) => new(IncidentId.Create("inc-1"), OfferId.Create("inc-1.o1"), "water",
        Mustered, [Deployed], Attendance: attendance.Length == 0 ? null : [.. attendance]);

    private static MemberCard Card(VolunteerId volunteer, DateTimeOffset? reportedAt) => new(volunteer, 1,
        new VolunteerReadiness(DutyStatus.Assigned, null, null,
            reportedAt is { } at ? new LocationReport(new GeoPoint(39.9, 116.4), at, 10) : null, IncidentId.Create("inc-1")), [], null);

    [Theory]
    [InlineData(DutyStatus.Available, false, UnitStatus.Available)]
    [InlineData(DutyStatus.Available, true, UnitStatus.Offered)]
    [InlineData(DutyStatus.OnCall, false, UnitStatus.OnCall)]
    [InlineData(DutyStatus.OnCall, true, UnitStatus.Offered)]
    [InlineData(DutyStatus.Resting, false, UnitStatus.Resting)]
    [InlineData(DutyStatus.Off, false, UnitStatus.Off)]
    [InlineData(DutyStatus.Off, true, UnitStatus.Off)]
    public void without_a_task_the_status_is_the_duty_or_offered_while_an_offer_is_open(DutyStatus duty, bool open, UnitStatus expected) =>
        Assert.Equal(expected, UnitStatusRule.Of(duty, open, null, []));

    [Fact]
    public void a_task_is_mustered_until_a_deployed_members_phone_reports_after_the_muster_and_on_scene_from_the_first_check_in()
    {
        Assert.Equal(UnitStatus.Mustered, UnitStatusRule.Of(DutyStatus.Assigned, false, Assignment(), [Card(Deployed, Mustered.AddMinutes(-5))]));
        // A member who stayed behind moving says nothing about the team on its way.
        Assert.Equal(UnitStatus.Mustered, UnitStatusRule.Of(DutyStatus.Assigned, false, Assignment(), [Card(Stayed, Mustered.AddMinutes(3))]));
        Assert.Equal(UnitStatus.EnRoute, UnitStatusRule.Of(DutyStatus.Assigned, false, Assignment(), [Card(Deployed, Mustered.AddMinutes(3))]));
        var arrived = Assignment(new MemberAttendance(Deployed, Mustered.AddMinutes(20)));
        Assert.Equal(UnitStatus.OnScene, UnitStatusRule.Of(DutyStatus.Assigned, false, arrived, [Card(Deployed, Mustered.AddMinutes(3))]));
        var left = Assignment(new MemberAttendance(Deployed, Mustered.AddMinutes(20), Mustered.AddMinutes(80)));
        Assert.Equal(UnitStatus.OnScene, UnitStatusRule.Of(DutyStatus.Assigned, false, left, []));
    }

    [Fact]
    public void a_members_arrival_follows_deployment_position_and_attendance()
    {
        Assert.Equal(ArrivalState.NotDeployed, UnitStatusRule.Arrival(Deployed, null, null));
        Assert.Equal(ArrivalState.NotDeployed, UnitStatusRule.Arrival(Stayed, Assignment(), Card(Stayed, Mustered.AddMinutes(3))));
        Assert.Equal(ArrivalState.Mustered, UnitStatusRule.Arrival(Deployed, Assignment(), Card(Deployed, null)));
        Assert.Equal(ArrivalState.EnRoute, UnitStatusRule.Arrival(Deployed, Assignment(), Card(Deployed, Mustered.AddMinutes(1))));
        Assert.Equal(ArrivalState.CheckedIn, UnitStatusRule.Arrival(Deployed, Assignment(new MemberAttendance(Deployed, Mustered.AddMinutes(9))), null));
        Assert.Equal(ArrivalState.CheckedOut,
            UnitStatusRule.Arrival(Deployed, Assignment(new MemberAttendance(Deployed, Mustered.AddMinutes(9), Mustered.AddMinutes(60))), null));
    }

    [Fact]
    public void attendance_keeps_the_latest_visit_of_each_member_and_ignores_a_repeat()
    {
        var t1 = Mustered.AddMinutes(10);
        var once = UnitStatusRule.Attend(null, Deployed, arrived: true, t1);
        Assert.Equal(new[] { new MemberAttendance(Deployed, t1) }, once);
        Assert.Equal(once.ToArray(), UnitStatusRule.Attend(once, Deployed, arrived: true, t1.AddMinutes(1)).ToArray());
        var out1 = UnitStatusRule.Attend(once, Deployed, arrived: false, t1.AddMinutes(30));
        Assert.Equal(new[] { new MemberAttendance(Deployed, t1, t1.AddMinutes(30)) }, out1);
        Assert.Equal(new[] { new MemberAttendance(Deployed, t1.AddMinutes(40)) }, UnitStatusRule.Attend(out1, Deployed, arrived: true, t1.AddMinutes(40)));
        Assert.Empty(UnitStatusRule.Attend(null, Stayed, arrived: false, t1));
    }

    [Theory]
    [InlineData("李明", "李*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData(" 王 ", "王*")]
    [InlineData("Li Ming", "L******")]
    [InlineData("", "*")]
    public void a_masked_name_keeps_the_first_character_only(string name, string masked)
    {
        Assert.Equal(masked, NamePrivacy.Masked(name));
        Assert.Equal(name, NamePrivacy.Shown(name, reveal: true));
        Assert.Equal(masked, NamePrivacy.Shown(name, reveal: false));
    }
}
