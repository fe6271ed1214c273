using System.Runtime.CompilerServices;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch.Index;

/// <summary>Sphere geometry for the index: exact haversine for answers, cheap chord lengths for pruning.</summary>
internal static class GeoMath
{
    public const double EarthRadiusMeters = GeoPoint.EarthRadiusMeters;

    // Lower bounds are shrunk by this much so rounding in cell assignment or in the bound itself can never prune a
    // point that is really inside; a millimetre costs nothing in pruning power.
    private const double BoundSlackMeters = 1e-3;

    /// <summary>
    /// The same formula, in the same operation order, as <see cref="GeoPoint.DistanceMetersTo"/>, so the index and
    /// any caller comparing against GeoPoint agree to the last bit; <paramref name="cosPhi1"/> is passed in because
    /// the query's cosine is the same for every candidate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Haversine(double lat1, double lon1, double cosPhi1, double lat2, double lon2)
    {
        var phi1 = double.DegreesToRadians(lat1);
        var phi2 = double.DegreesToRadians(lat2);
        var dPhi = phi2 - phi1;
        var dLambda = double.DegreesToRadians(lon2 - lon1);
        var h = Math.Sin(dPhi / 2) * Math.Sin(dPhi / 2) + cosPhi1 * Math.Cos(phi2) * Math.Sin(dLambda / 2) * Math.Sin(dLambda / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }

    public static double CosLat(double lat) => Math.Cos(double.DegreesToRadians(lat));

    /// <summary>The point on the unit sphere; squared chord length between two such points orders them like arc length.</summary>
    public static (double X, double Y, double Z) UnitVector(double lat, double lon)
    {
        var phi = double.DegreesToRadians(lat);
        var lambda = double.DegreesToRadians(lon);
        var cosPhi = Math.Cos(phi);
        return (cosPhi * Math.Cos(lambda), cosPhi * Math.Sin(lambda), Math.Sin(phi));
    }

    /// <summary>
    /// A squared unit-sphere chord no shorter than the chord of any arc up to <paramref name="meters"/>, padded so
    /// that rounding in the stored vectors never rejects a point the exact haversine would accept.
    /// </summary>
    public static double ChordLimitSquared(double meters)
    {
        if (double.IsPositiveInfinity(meters) || meters >= Math.PI * EarthRadiusMeters) return double.PositiveInfinity;
        var chord = 2 * Math.Sin(meters / (2 * EarthRadiusMeters));
        chord = chord * (1 + 1e-9) + 1e-12;
        return chord * chord;
    }

    /// <summary>
    /// How far below the query any point must be: a great-circle distance is never less than R·|Δφ|.
    /// </summary>
    public static double LatitudeGapMeters(double gapDegrees) =>
        gapDegrees <= 0 ? 0 : Shrink(EarthRadiusMeters * double.DegreesToRadians(gapDegrees));

    /// <summary>
    /// Lower bound on the distance from a point at <paramref name="cosQueryLat"/> to anything at least
    /// <paramref name="gapDegrees"/> of longitude away: the distance to the nearest such meridian,
    /// asin(cos φ · sin Δλ), which is how a grid column narrows away from the equator.
    /// </summary>
    public static double LongitudeGapMeters(double gapDegrees, double cosQueryLat)
    {
        if (gapDegrees <= 0) return 0;
        var gap = double.DegreesToRadians(Math.Min(gapDegrees, 90));
        return Shrink(EarthRadiusMeters * Math.Asin(Math.Min(1, cosQueryLat * Math.Sin(gap))));
    }

    private static double Shrink(double meters) => Math.Max(0, meters * (1 - 1e-9) - BoundSlackMeters);
}
