using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Mobilize.TestKit;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class TeamFactsWindowTests
{
    // 23:00 in Beijing, so the service date turns an hour in and date-bound certificates and insurance change with it.
    private static readonly DateTimeOffset T0 = new(2026, 7, 20, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = ServiceCalendar.DateOf(T0);
    private static readonly GeoPoint Base = new(39.9250, 116.4450);

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : class => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static readonly Gen<DateTimeOffset> Minutes = Gen.Choose(-90, 180).Select(m => T0.AddMinutes(m));

    private static readonly Gen<VolunteerReadiness> Readiness =
        from status in Gen.Elements(Enum.GetValues<DutyStatus>())
        from onCallUntil in Minutes
        from restUntil in Minutes
        from reportedAt in Minutes
        from reported in Gen.Elements(true, false)
        from elsewhere in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new VolunteerReadiness(status, onCallUntil, restUntil,
            reported ? new LocationReport(new GeoPoint(39.90 + reportedAt.Minute / 1000.0, 116.40), reportedAt, 20) : null,
            elsewhere ? IncidentId.Create("elsewhere") : null);

    // Issued and expiring around today, so some certificates and policies run out (or start) as the date turns.
    private static readonly Gen<Certification> Certificate =
        from capability in Gen.Elements("water-rescue", "medical", "rope")
        from issued in Gen.Choose(-2, 1)
        from expires in Gen.Choose(-1, 2)
        select new Certification(capability, Today.AddDays(issued), Today.AddDays(expires), "北京市红十字会");

    private static readonly Gen<Insurance> Policy =
        from from_ in Gen.Choose(-2, 1)
        from to in Gen.Choose(-1, 2)
        select new Insurance("PICC-2026-0001", Today.AddDays(from_), Today.AddDays(to));

    private static readonly Gen<MemberCard> Member =
        from id in Gen.Choose(1, 1_000_000)
        from readiness in Readiness
        from certificates in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Certificate, n))
        from insurance in Maybe(Policy)
        select new MemberCard(VolunteerId.Create($"v-{id}"), 1, readiness, [.. certificates], insurance);

    private static readonly Gen<TeamCard> Card =
        from members in Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Member, n))
        from duty in Gen.Elements(Enum.GetValues<DutyStatus>())
        from onCallUntil in Minutes
        from restUntil in Minutes
        select new TeamCard(TeamId.Create("cy-a"), World.Chaoyang, Base, duty, onCallUntil, restUntil, null, [.. members]);

    private static object Content(CandidateFacts f) => new
    {
        f.Team, f.Status, f.CurrentIncident, f.RestUntil, f.Location, f.LocationReportedAt, f.DeployingMembersInsured, f.MemberCount,
        Qualified = string.Join(",", f.QualifiedMembers.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")),
        Expired = string.Join(",", f.ExpiredCapabilities.Order()),
    };

    [Fact]
    public void facts_taken_from_a_window_equal_facts_derived_afresh_at_every_instant_the_window_covers()
    {
        var property = Prop.ForAll(Arb.From(Card), Arb.From(Minutes), Arb.From(Gen.Choose(0, 240)), (card, from, later) =>
        {
            var window = TeamFactsWindow.Of(card, from);
            var at = from.AddMinutes(later);
            if (!window.Covers(at)) at = window.Until.AddTicks(-1);
            Assert.Equal(Content(TeamFacts.At(card, at)), Content(window.FactsAt(at)));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    [Fact]
    public void a_window_ends_when_a_shift_or_a_rest_ends_or_the_service_date_turns()
    {
        var onCall = new VolunteerReadiness(DutyStatus.OnCall, T0.AddMinutes(20), null, null, null);
        var resting = new VolunteerReadiness(DutyStatus.Resting, null, T0.AddMinutes(40), null, null);
        MemberCard Volunteer(VolunteerReadiness r) => new(VolunteerId.Create("v"), 1, r, [World.Cert("medical")], World.Insured);
        TeamCard Team(params MemberCard[] members) => new(TeamId.Create("cy-a"), World.Chaoyang, Base, DutyStatus.Available, null, null, null, [.. members]);

        Assert.Equal(T0.AddMinutes(20), TeamFactsWindow.Of(Team(Volunteer(onCall), Volunteer(resting)), T0).Until);
        Assert.Equal(T0.AddMinutes(40), TeamFactsWindow.Of(Team(Volunteer(resting)), T0).Until);
        // Midnight in Beijing is 16:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 7, 20, 16, 0, 0, TimeSpan.Zero), TeamFactsWindow.Of(Team(Volunteer(onCall)), T0.AddMinutes(30)).Until);
    }

    [Fact]
    public void the_directory_sees_a_shift_end_and_a_certificate_lapse_at_midnight_without_a_new_card()
    {
        var clock = new ManualTimeProvider(T0);
        var directory = new DispatchDirectory(clock);
        var shift = new VolunteerReadiness(DutyStatus.OnCall, T0.AddMinutes(30), null, null, null);
        directory.Update(new TeamCard(TeamId.Create("shift"), World.Chaoyang, Base, DutyStatus.Available, null, null, null,
            [new MemberCard(VolunteerId.Create("a"), 1, shift, [World.Cert("medical")], World.Insured)]), version: 1);
        var available = new VolunteerReadiness(DutyStatus.Available, null, null, null, null);
        directory.Update(new TeamCard(TeamId.Create("lapsing"), World.Chaoyang, Base, DutyStatus.Available, null, null, null,
            [new MemberCard(VolunteerId.Create("b"), 1, available, [World.Cert("medical", Today)], World.Insured)]), version: 1);

        CandidateFacts Facts(string team, DateTimeOffset at) =>
            directory.Search(Base, 1_000, "medical", at).Single(m => m.Facts.Team == TeamId.Create(team)).Facts;

        Assert.Equal((DutyStatus.Available, 1), (Facts("shift", T0).Status, Facts("lapsing", T0).QualifiedFor("medical")));
        // Its only member's shift has ended, so nobody could deploy.
        Assert.Equal(DutyStatus.Off, Facts("shift", T0.AddMinutes(31)).Status);
        Assert.Equal(1, Facts("lapsing", T0.AddMinutes(59)).QualifiedFor("medical"));
        var afterMidnight = Facts("lapsing", T0.AddMinutes(61));
        Assert.Equal((0, true), (afterMidnight.QualifiedFor("medical"), afterMidnight.ExpiredCapabilities.Contains("medical")));
        // Placed at its base, a team is located "as of now" at every instant.
        Assert.Equal(T0.AddMinutes(61), afterMidnight.LocationReportedAt);
    }
}
