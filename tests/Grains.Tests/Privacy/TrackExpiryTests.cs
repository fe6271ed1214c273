using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Privacy;

public sealed class TrackExpiryTests
{
    [Fact]
    public async Task the_position_reported_during_a_task_is_no_longer_given_out_an_hour_after_the_stand_down()
    {
        await using var world = await World.StartAsync();
        var volunteer = world.Grains.Volunteer(await world.Volunteer("v1", []));
        var incident = IncidentId.Create("i1");
        Assert.True((await volunteer.BeginTask(incident, TeamId.Create("t1"))).Succeeded);
        var fix = new LocationReport(new GeoPoint(39.9345, 116.4178), world.Now, 5);
        Assert.Equal(fix, (await volunteer.ReportLocation(fix)).ValueOrThrow().Location);

        await volunteer.EndTask(incident, exercise: false, RestRules.Default(TimeSpan.FromHours(8)));
        world.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(fix, (await volunteer.GetStatus()).ValueOrThrow().Location);

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null((await volunteer.GetStatus()).ValueOrThrow().Location);
    }

    [Fact]
    public void a_position_reported_after_the_stand_down_is_a_new_one_and_does_not_expire_with_the_task()
    {
        var end = new DateTimeOffset(2026, 7, 20, 12, 0, 0, TimeSpan.Zero);
        var after = new LocationReport(new GeoPoint(39.9, 116.4), end.AddMinutes(5), 5);
        var during = after with { ReportedAt = end.AddMinutes(-5) };
        Assert.False(Mobilize.Grains.Privacy.LocationPrivacy.IsTrackExpired(after, end, TimeSpan.FromHours(1), end.AddHours(2)));
        Assert.True(Mobilize.Grains.Privacy.LocationPrivacy.IsTrackExpired(during, end, TimeSpan.FromHours(1), end.AddHours(1)));
        Assert.False(Mobilize.Grains.Privacy.LocationPrivacy.IsTrackExpired(during, null, TimeSpan.FromHours(1), end.AddHours(2)));
    }
}
