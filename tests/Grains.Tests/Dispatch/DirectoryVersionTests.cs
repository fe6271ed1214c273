using FsCheck;
using FsCheck.Fluent;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Dispatch.Replication;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using Mobilize.TestKit;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>A replica keeps the newest change per team whatever order changes arrive in, and a removal is not undone
/// by an older card.</summary>
public sealed class DirectoryVersionTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly TeamId Team = TeamId.Create("cy-a");
    private static readonly GeoPoint Base = new(39.9250, 116.4450);

    [Fact]
    public void an_older_card_arriving_after_a_newer_one_changes_nothing()
    {
        var replica = new DispatchDirectory(new ManualTimeProvider(Now));
        Assert.True(replica.Apply(new DirectoryChange(Team, 20, Card(DutyStatus.Off))));

        Assert.False(replica.Apply(new DirectoryChange(Team, 10, Card(DutyStatus.Available))));
        Assert.False(replica.Apply(new DirectoryChange(Team, 20, Card(DutyStatus.Available))));

        Assert.True(replica.TryGet(Team, out var card));
        Assert.Equal(DutyStatus.Off, card.Duty);
        Assert.Equal(20, replica.VersionOf(Team));
        Assert.True(replica.Apply(new DirectoryChange(Team, 21, Card(DutyStatus.Available))));
        Assert.Equal(DutyStatus.Available, Assert.Single(replica.Search(Base, 1_000, "water-rescue", Now)).Facts.Status);
    }

    [Fact]
    public void a_removed_team_is_not_brought_back_by_an_older_card_but_is_by_a_newer_one()
    {
        var replica = new DispatchDirectory(new ManualTimeProvider(Now));
        replica.Update(Card(DutyStatus.Available), version: 5);

        replica.Remove(Team, version: 7);
        Assert.False(replica.Apply(new DirectoryChange(Team, 6, Card(DutyStatus.Available))));

        Assert.Equal(0, replica.Count);
        Assert.False(replica.TryGet(Team, out _));
        Assert.Empty(replica.Search(Base, 1_000, "water-rescue", Now));
        Assert.Empty(replica.Nearest(Base, 5, "water-rescue", 1_000, Now));
        Assert.Equal(7, replica.VersionOf(Team));

        replica.Update(Card(DutyStatus.Available), version: 8);
        Assert.Equal(1, replica.Count);
        Assert.Single(replica.Nearest(Base, 5, "water-rescue", 1_000, Now));
    }

    [Fact]
    public void changes_for_many_teams_in_any_order_leave_each_team_at_its_newest_change() =>
        Prop.ForAll(Changes.ToArbitrary(), changes =>
        {
            var replica = new DispatchDirectory(new ManualTimeProvider(Now));
            foreach (var change in changes) replica.Apply(change);

            var newest = changes.GroupBy(c => c.Team).Select(g => g.MaxBy(c => c.Version)!).ToList();
            var kept = newest.Where(c => c.Card is not null).ToList();
            Assert.Equal(kept.Count, replica.Count);
            Assert.All(newest, c => Assert.Equal(c.Version, replica.VersionOf(c.Team)));
            Assert.All(newest, c => Assert.Same(c.Card, replica.TryGet(c.Team, out var card) ? card : null));
            Assert.Equal(kept.Select(c => (c.Team.Value, TeamFacts.At(c.Card!, Now).Status)).Order(),
                replica.Search(Base, 50_000, "water-rescue", Now).Select(m => (m.Facts.Team.Value, m.Facts.Status)).Order());
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void a_snapshot_in_pages_carries_every_team_and_every_removal_once()
    {
        var replica = new DispatchDirectory(new ManualTimeProvider(Now));
        for (var i = 0; i < 25; i++) replica.Update(Card(DutyStatus.Available, TeamId.Create($"t{i:D2}")), version: 100 + i);
        replica.Remove(TeamId.Create("t07"), version: 200);

        var pages = new List<DirectorySnapshotPage>();
        TeamId? after = null;
        do
        {
            var page = replica.Snapshot(after, 10);
            pages.Add(page);
            after = page.Last;
        } while (after is not null);

        var changes = pages.SelectMany(p => p.Changes).ToList();
        Assert.Equal([10, 10, 5], pages.Select(p => p.Changes.Length));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"t{i:D2}"), changes.Select(c => c.Team.Value));
        var removed = changes.Single(c => c.Team == TeamId.Create("t07"));
        Assert.Null(removed.Card);
        Assert.Equal(200, removed.Version);

        var copy = new DispatchDirectory(new ManualTimeProvider(Now));
        foreach (var change in changes) copy.Apply(change);
        Assert.Equal(24, copy.Count);
        Assert.Equal(200, copy.VersionOf(TeamId.Create("t07")));
    }

    private static readonly Gen<DirectoryChange[]> Changes =
        from teams in Gen.Choose(1, 4)
        from changes in Gen.ListOf(
            from team in Gen.Choose(0, teams - 1)
            from version in Gen.Choose(1, 1_000)
            from removal in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
            from duty in Gen.Elements(DutyStatus.Available, DutyStatus.Off, DutyStatus.OnCall)
            select (team, (long)version, removal, duty))
        // One change per team and version: two silos never publish the same version of a team with different cards.
        select changes.DistinctBy(c => (c.team, c.Item2))
            .Select(c => new DirectoryChange(TeamId.Create($"t{c.team}"), c.Item2,
                c.removal ? null : Card(c.duty, TeamId.Create($"t{c.team}"), onCallUntil: c.duty == DutyStatus.OnCall ? Now.AddHours(2) : null)))
            .ToArray();

    private static TeamCard Card(DutyStatus duty, TeamId? team = null, DateTimeOffset? onCallUntil = null) =>
        new(team ?? Team, World.Chaoyang, Base, duty, onCallUntil, null, null,
            [new MemberCard(VolunteerId.Create($"{(team ?? Team).Value}-m0"), 1, new VolunteerReadiness(DutyStatus.Available, null, null, null, null),
                [World.Cert("water-rescue")], World.Insured)]);
}
