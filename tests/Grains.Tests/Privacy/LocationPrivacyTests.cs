using Mobilize.Grains.Privacy;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Privacy;

public sealed class LocationPrivacyTests
{
    private static readonly LocationReport Fix = new(new GeoPoint(39.934567, 116.417891), new DateTimeOffset(2026, 7, 20, 0, 0, 0, TimeSpan.Zero), 8);

    [Theory]
    [InlineData(true, false, false, DutyStatus.Off, true)]
    [InlineData(false, true, false, DutyStatus.Assigned, true)]
    [InlineData(false, true, false, DutyStatus.Resting, true)]
    [InlineData(false, false, true, DutyStatus.Available, true)]
    [InlineData(false, false, true, DutyStatus.OnCall, true)]
    [InlineData(false, false, true, DutyStatus.Assigned, true)]
    [InlineData(false, false, true, DutyStatus.Off, false)]
    [InlineData(false, false, true, DutyStatus.Resting, false)]
    [InlineData(false, false, false, DutyStatus.Available, false)]
    public void precise_only_for_the_volunteer_the_commanders_of_their_incident_and_their_own_commanders_while_on_duty(
        bool self, bool commandsIncident, bool commandsTeams, DutyStatus status, bool precise)
    {
        var seen = LocationPrivacy.ForViewer(Fix, new LocationViewer(self, commandsIncident, commandsTeams), status);
        Assert.Equal(precise, seen == Fix);
    }

    [Fact]
    public void a_coarse_position_is_on_the_hundredth_of_a_degree_grid_and_claims_at_least_a_kilometre_of_error()
    {
        var coarse = LocationPrivacy.Coarsen(Fix);
        Assert.Equal(new GeoPoint(39.93, 116.42), coarse.Point);
        Assert.Equal(1_000, coarse.AccuracyMeters);
        Assert.Equal(Fix.ReportedAt, coarse.ReportedAt);
        Assert.True(coarse.Point.DistanceMetersTo(Fix.Point) < 1_000);
        Assert.Equal(5_000, LocationPrivacy.Coarsen(Fix with { AccuracyMeters = 5_000 }).AccuracyMeters);
    }
}
