using FsCheck;
using FsCheck.Fluent;
using Mobilize.Grains.Dispatch.Index;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch.Index;

public abstract record IndexOp;
public sealed record UpsertOp(int Key, double Lat, double Lon, ulong Mask) : IndexOp;
public sealed record RemoveOp(int Key) : IndexOp;
public sealed record CompactOp : IndexOp;
public sealed record NearestOp(double Lat, double Lon, int K, ulong Required, double Radius, int ExcludeModulo) : IndexOp;
public sealed record WithinOp(double Lat, double Lon, ulong Required, double Radius) : IndexOp;

/// <summary>Generators for places in China and Beijing, and the brute-force model every answer is checked against.</summary>
public static class Scenario
{
    // A few exact duplicates so equal distances, and hence the key tie-break, really occur.
    private static readonly (double Lat, double Lon)[] Duplicates = [(39.9042, 116.4074), (31.2304, 121.4737), (39.9042, 116.4075)];

    public static Gen<double> Between(double min, double max) =>
        Gen.Choose(0, 1_000_000).Select(i => min + (max - min) * i / 1_000_000.0);

    public static Gen<(double Lat, double Lon)> Place =>
        Gen.Frequency(
            (3, Between(18, 54).Zip(Between(73, 135))),
            (4, Between(39.4, 41.1).Zip(Between(115.4, 117.5))),
            (4, Between(39.90, 39.93).Zip(Between(116.38, 116.42))),
            (1, Gen.Elements(Duplicates)));

    public static Gen<ulong> Mask => Gen.Choose(0, 15).Select(m => (ulong)m);

    public static Gen<ulong> Required => Gen.Frequency((2, Gen.Constant(0UL)), (3, Gen.Elements(1UL, 2UL, 4UL, 8UL)), (2, Gen.Elements(3UL, 5UL, 12UL)));

    public static Gen<double> Radius => Gen.Elements(200.0, 2_000, 20_000, 300_000, 3_000_000, double.PositiveInfinity);

    public static Gen<IndexOp> Op(int keys) =>
        Gen.Frequency(
            (12, from key in Gen.Choose(0, keys - 1) from place in Place from mask in Mask
                 select (IndexOp)new UpsertOp(key, place.Lat, place.Lon, mask)),
            (3, Gen.Choose(0, keys - 1).Select(key => (IndexOp)new RemoveOp(key))),
            (1, Gen.Constant((IndexOp)new CompactOp())),
            (3, from place in Place from k in Gen.Choose(1, 12) from required in Required from radius in Radius
                from modulo in Gen.Elements(0, 0, 3, 5)
                select (IndexOp)new NearestOp(place.Lat, place.Lon, k, required, radius, modulo)),
            (2, from place in Place from required in Required from radius in Radius
                select (IndexOp)new WithinOp(place.Lat, place.Lon, required, radius)));

    public static Arbitrary<(int Threshold, IndexOp[] Ops)> Runs(int keys) =>
        (from threshold in Gen.Choose(1, 30)
         from ops in Gen.ArrayOf(Op(keys))
         select (threshold, ops)).ToArbitrary();

    public static bool IsExcluded(int key, int modulo) => modulo != 0 && key % modulo == 1;

    /// <summary>The answer by scanning everything, with distances from the project's own GeoPoint.</summary>
    public static List<(int Key, double Distance)> BruteForce(IReadOnlyDictionary<int, UpsertOp> model, double lat, double lon,
        ulong required, double radius, int k = int.MaxValue, int excludeModulo = 0)
    {
        var query = new GeoPoint(lat, lon);
        return model.Values
            .Where(e => (e.Mask & required) == required && !IsExcluded(e.Key, excludeModulo))
            .Select(e => (e.Key, Distance: query.DistanceMetersTo(new GeoPoint(e.Lat, e.Lon))))
            .Where(e => e.Distance <= radius)
            .OrderBy(e => e.Distance).ThenBy(e => e.Key)
            .Take(k)
            .ToList();
    }

    public static void AssertSame(List<(int Key, double Distance)> expected, IReadOnlyList<Neighbor<int>> actual, string what)
    {
        Assert.True(expected.Count == actual.Count,
            $"{what}: expected {expected.Count} [{string.Join(",", expected.Select(e => e.Key))}] but got {actual.Count} [{string.Join(",", actual.Select(a => a.Key))}]");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Key == actual[i].Key, $"{what}: at {i} expected key {expected[i].Key} ({expected[i].Distance} m) but got {actual[i].Key} ({actual[i].DistanceMeters} m)");
            Assert.True(Math.Abs(expected[i].Distance - actual[i].DistanceMeters) <= 1e-6, $"{what}: distance of {expected[i].Key} differs");
        }
    }

    /// <summary>Plays <paramref name="ops"/> on a fresh index and a dictionary model, checking every query.</summary>
    public static void Play(GeoGridIndex<int> index, IEnumerable<IndexOp> ops)
    {
        var model = new Dictionary<int, UpsertOp>();
        foreach (var op in ops)
        {
            switch (op)
            {
                case UpsertOp u:
                    index.Upsert(u.Key, u.Lat, u.Lon, new CapabilitySet(u.Mask));
                    model[u.Key] = u;
                    break;
                case RemoveOp r:
                    Assert.Equal(model.Remove(r.Key), index.Remove(r.Key));
                    break;
                case CompactOp:
                    index.Compact();
                    break;
                case NearestOp n:
                    AssertSame(BruteForce(model, n.Lat, n.Lon, n.Required, n.Radius, n.K, n.ExcludeModulo),
                        index.Nearest(n.Lat, n.Lon, n.K, new CapabilitySet(n.Required), n.Radius, n.ExcludeModulo == 0 ? null : key => IsExcluded(key, n.ExcludeModulo)),
                        op.ToString());
                    break;
                case WithinOp w:
                    AssertSame(BruteForce(model, w.Lat, w.Lon, w.Required, w.Radius),
                        index.WithinRadius(w.Lat, w.Lon, w.Radius, new CapabilitySet(w.Required)), op.ToString());
                    break;
            }
        }
        Assert.Equal(model.Count, index.Count);
        foreach (var (key, u) in model)
        {
            Assert.True(index.TryGet(key, out var entry));
            Assert.Equal(new IndexEntry<int>(key, u.Lat, u.Lon, new CapabilitySet(u.Mask)), entry);
        }
    }
}
