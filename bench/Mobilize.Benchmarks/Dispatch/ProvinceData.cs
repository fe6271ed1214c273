using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Mobilize.Benchmarks.Dispatch;

/// <summary>
/// A province's worth of teams and volunteers (shaped like Hebei): most clustered around eight cities, the rest
/// spread over the countryside. Bit 0 is held by half of them, so a query requiring it filters out about half.
/// </summary>
public sealed class ProvinceData
{
    public const int DefaultPoints = 1_000_000;
    public const int K = 10;
    public static readonly CapabilitySet Required = CapabilitySet.FromBit(0);

    private static readonly (double Lat, double Lon, double Weight)[] Cities =
    [
        (38.04, 114.51, 0.22), (39.63, 118.18, 0.16), (38.87, 115.46, 0.14), (36.63, 114.54, 0.12),
        (39.52, 116.70, 0.10), (40.77, 114.88, 0.08), (39.94, 119.60, 0.08), (38.30, 116.84, 0.10),
    ];
    private const double MinLat = 36.0, MaxLat = 42.6, MinLon = 113.5, MaxLon = 119.8;

    public ProvinceData(int points = DefaultPoints, int queries = 8192, int seed = 20240601)
    {
        var random = new Random(seed);
        Lat = new double[points];
        Lon = new double[points];
        Mask = new ulong[points];
        for (var i = 0; i < points; i++)
        {
            (Lat[i], Lon[i]) = Place(random, rural: 0.15);
            // Bit 0 with probability one half; bits 1..7 with 0.3 each, independent.
            var mask = random.Next(2) == 0 ? 1UL : 0UL;
            for (var bit = 1; bit < 8; bit++) if (random.NextDouble() < 0.3) mask |= 1UL << bit;
            Mask[i] = mask;
        }
        QueryLat = new double[queries];
        QueryLon = new double[queries];
        for (var i = 0; i < queries; i++) (QueryLat[i], QueryLon[i]) = Place(random, rural: 0.3);
        Moves = new (int Key, double Lat, double Lon)[1 << 20];
        for (var i = 0; i < Moves.Length; i++)
        {
            var (lat, lon) = Place(random, rural: 0.15);
            Moves[i] = (random.Next(points), lat, lon);
        }
    }

    public double[] Lat { get; }
    public double[] Lon { get; }
    public ulong[] Mask { get; }
    public double[] QueryLat { get; }
    public double[] QueryLon { get; }

    /// <summary>Location updates: an existing key moving to a new place.</summary>
    public (int Key, double Lat, double Lon)[] Moves { get; }

    public int Count => Lat.Length;

    public GeoGridIndex<int> BuildIndex(GeoGridIndexOptions? options = null)
    {
        var index = new GeoGridIndex<int>(options ?? new GeoGridIndexOptions { CompactInBackground = false });
        for (var i = 0; i < Count; i++) index.Upsert(i, Lat[i], Lon[i], new CapabilitySet(Mask[i]));
        index.Compact();
        return index;
    }

    public STRtree<int> BuildStrTree()
    {
        var tree = new STRtree<int>();
        for (var i = 0; i < Count; i++) tree.Insert(new Envelope(Lon[i], Lon[i], Lat[i], Lat[i]), i);
        tree.Build();
        return tree;
    }

    /// <summary>The k nearest qualifying points by scanning all of them, as a caller without an index would.</summary>
    public int[] BruteForce(double lat, double lon, int k, CapabilitySet required)
    {
        var query = new GeoPoint(lat, lon);
        var best = new (double Distance, int Key)[k];
        var count = 0;
        for (var i = 0; i < Lat.Length; i++)
        {
            if ((Mask[i] & required.Mask) != required.Mask) continue;
            var d = query.DistanceMetersTo(new GeoPoint(Lat[i], Lon[i]));
            if (count == k && d >= best[k - 1].Distance) continue;
            var at = count < k ? count++ : k - 1;
            while (at > 0 && best[at - 1].Distance > d)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = (d, i);
        }
        return best.Take(count).Select(b => b.Key).ToArray();
    }

    private static (double Lat, double Lon) Place(Random random, double rural)
    {
        if (random.NextDouble() < rural)
            return (MinLat + (MaxLat - MinLat) * random.NextDouble(), MinLon + (MaxLon - MinLon) * random.NextDouble());
        var pick = random.NextDouble();
        var city = Cities[^1];
        foreach (var c in Cities)
        {
            if ((pick -= c.Weight) < 0)
            {
                city = c;
                break;
            }
        }
        // About 9 km standard deviation: a city and its suburbs.
        return (Math.Clamp(city.Lat + 0.08 * Gaussian(random), MinLat, MaxLat), Math.Clamp(city.Lon + 0.1 * Gaussian(random), MinLon, MaxLon));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
