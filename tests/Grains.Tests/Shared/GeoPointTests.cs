using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Shared;

public sealed class GeoPointTests
{
    [Fact]
    public void latitude_out_of_range_is_reported_by_name()
    {
        Assert.False(GeoPoint.TryCreate(91, 116, out _, out var errors));
        Assert.Equal(["location.latitude"], errors.Select(e => e.Field));
    }

    [Fact]
    public void both_coordinates_out_of_range_are_reported_together_under_the_given_field()
    {
        Assert.False(GeoPoint.TryCreate(double.NaN, -180.5, out _, out var errors, "baseLocation"));
        Assert.Equal(["baseLocation.latitude", "baseLocation.longitude"], errors.Select(e => e.Field));
    }

    [Fact]
    public void create_names_the_bad_argument()
    {
        Assert.Equal("longitude", Assert.Throws<ArgumentOutOfRangeException>(() => GeoPoint.Create(39.9, 181)).ParamName);
        Assert.Equal(new GeoPoint(-90, 180), GeoPoint.Create(-90, 180));
    }

    [Fact]
    public void one_degree_of_latitude_is_about_111_km()
    {
        var d = new GeoPoint(39, 116).DistanceMetersTo(new GeoPoint(40, 116));
        Assert.InRange(d, 111_100, 111_300);
    }

    [Fact]
    public void tiananmen_to_beijing_capital_airport_is_about_25_km()
    {
        var tiananmen = new GeoPoint(39.9087, 116.3975);
        var airport = new GeoPoint(40.0799, 116.6031);
        Assert.InRange(tiananmen.DistanceMetersTo(airport), 25_500, 26_500);
        Assert.Equal(tiananmen.DistanceMetersTo(airport), airport.DistanceMetersTo(tiananmen), 6);
        Assert.Equal(0, tiananmen.DistanceMetersTo(tiananmen));
    }

    [Fact]
    public void antipodes_are_half_the_circumference_apart()
    {
        var d = new GeoPoint(0, 0).DistanceMetersTo(new GeoPoint(0, 180));
        Assert.Equal(Math.PI * GeoPoint.EarthRadiusMeters, d, 3);
    }
}
