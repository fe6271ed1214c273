using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>What a volunteer's offer card says about the place: the district by the shipped boundaries, the distance from
/// where the volunteer last was (else the team base), and the arrival time one tap proposes.</summary>
public sealed class OfferBriefingTests
{
    private static readonly GeoPoint Dongdan = new(39.915, 116.415);
    private static readonly GeoPoint Base = new(39.925, 116.415);

    [Fact]
    public void without_a_reported_position_the_distance_is_from_the_team_base()
    {
        var briefing = OfferBriefing.Distance(Dongdan, lastLocation: null, Base);
        Assert.Equal(DistanceOrigin.TeamBase, briefing.From);
        Assert.Equal(Math.Round(Base.DistanceMetersTo(Dongdan)), briefing.DistanceMeters);
        Assert.Equal(5, briefing.SuggestedEtaMinutes);
    }

    [Theory]
    [InlineData(0.0, 5)]          // on the spot: still the smallest step, never "0 minutes"
    [InlineData(0.0125, 5)]       // 1.4 km: 2.8 min at 30 km/h
    [InlineData(0.03, 10)]        // 3.3 km: 6.7 min, rounded up to the next step
    [InlineData(0.1, 25)]         // 11.1 km: 22.2 min
    [InlineData(10.0, 1440)]      // 1,112 km: more than a day's drive is capped at the API's bound
    public void the_suggested_eta_is_the_travel_time_at_the_ranking_speed_rounded_up_to_five_minutes(double degreesNorth, int minutes)
    {
        var home = new LocationReport(new GeoPoint(Dongdan.Latitude + degreesNorth, Dongdan.Longitude), DateTimeOffset.UnixEpoch, 20);
        var briefing = OfferBriefing.Distance(Dongdan, home, Base);
        Assert.Equal(DistanceOrigin.Location, briefing.From);
        Assert.Equal(minutes, briefing.SuggestedEtaMinutes);
    }

    [Theory]
    [InlineData(39.915, 116.415, "东城区")]
    [InlineData(39.93, 116.48, "朝阳区")]
    public void a_place_is_named_by_the_district_it_lies_in(double latitude, double longitude, string district) =>
        Assert.Equal(district, JurisdictionAreas.Standard.DistrictNameAt(new GeoPoint(latitude, longitude)));

    [Fact]
    public void a_place_outside_every_shipped_boundary_has_no_name() =>
        Assert.Null(JurisdictionAreas.Standard.DistrictNameAt(new GeoPoint(31.23, 121.47)));
}
