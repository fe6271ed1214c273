using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Mobilize.Grains.Tests.Dispatch.Index;

/// <summary>NTS's STRtree as an independent oracle: its envelope query gives a candidate set that surely covers the circle.</summary>
public sealed class StrTreeOracleTests
{
    [Fact]
    public void within_radius_and_nearest_agree_with_an_strtree_envelope_search()
    {
        var random = new Random(42);
        var index = new GeoGridIndex<int>();
        var tree = new STRtree<(int Key, double Lat, double Lon, ulong Mask)>();
        for (var key = 0; key < 20_000; key++)
        {
            // Half across China, half in and around Beijing.
            var (lat, lon) = key % 2 == 0
                ? (18 + 36 * random.NextDouble(), 73 + 62 * random.NextDouble())
                : (39.4 + 1.7 * random.NextDouble(), 115.4 + 2.1 * random.NextDouble());
            var mask = (ulong)random.Next(16);
            index.Upsert(key, lat, lon, new CapabilitySet(mask));
            tree.Insert(new Envelope(lon, lon, lat, lat), (key, lat, lon, mask));
        }
        index.Compact();
        tree.Build();

        for (var q = 0; q < 300; q++)
        {
            double lat = 39.4 + 1.7 * random.NextDouble(), lon = 115.4 + 2.1 * random.NextDouble();
            var radius = new[] { 1_000.0, 10_000, 100_000 }[q % 3];
            var required = (ulong)random.Next(16) & (ulong)random.Next(16);

            var expected = tree.Query(Around(lat, lon, radius))
                .Select(e => (e.Key, e.Mask, Distance: new GeoPoint(lat, lon).DistanceMetersTo(new GeoPoint(e.Lat, e.Lon))))
                .Where(e => (e.Mask & required) == required && e.Distance <= radius)
                .OrderBy(e => e.Distance).ThenBy(e => e.Key)
                .Select(e => e.Key)
                .ToList();

            Assert.Equal(expected, index.WithinRadius(lat, lon, radius, new CapabilitySet(required)).Select(n => n.Key));
            Assert.Equal(expected.Take(10), index.Nearest(lat, lon, 10, new CapabilitySet(required), radius).Select(n => n.Key));
        }
    }

    // A lat/lon box holding the whole circle, with a margin; valid away from the poles, which China is.
    private static Envelope Around(double lat, double lon, double meters)
    {
        var dLat = double.RadiansToDegrees(meters / GeoPoint.EarthRadiusMeters) * 1.01;
        var dLon = dLat / Math.Cos(double.DegreesToRadians(Math.Abs(lat) + dLat));
        return new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat);
    }
}
