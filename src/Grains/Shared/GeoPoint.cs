using System.Collections.Immutable;

namespace Mobilize.Grains.Shared;

/// <summary>A WGS 84 position in degrees.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.shared.geo-point")]
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    // The IUGG mean radius: the haversine formula assumes a sphere, and this one minimises the average error.
    public const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>Errors for each coordinate out of range (NaN included), named <c>{field}.latitude</c> / <c>{field}.longitude</c>.</summary>
    public static ImmutableArray<FieldError> Validate(double latitude, double longitude, string field = "location")
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        if (!(latitude is >= -90 and <= 90)) errors.Add(new($"{field}.latitude", "must be between -90 and 90 degrees"));
        if (!(longitude is >= -180 and <= 180)) errors.Add(new($"{field}.longitude", "must be between -180 and 180 degrees"));
        return errors.ToImmutable();
    }

    public ImmutableArray<FieldError> Validate(string field = "location") => Validate(Latitude, Longitude, field);

    public static bool TryCreate(double latitude, double longitude, out GeoPoint point, out ImmutableArray<FieldError> errors, string field = "location")
    {
        errors = Validate(latitude, longitude, field);
        point = errors.IsEmpty ? new GeoPoint(latitude, longitude) : default;
        return errors.IsEmpty;
    }

    public static GeoPoint Create(double latitude, double longitude)
    {
        if (!(latitude is >= -90 and <= 90)) throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "must be between -90 and 90 degrees");
        if (!(longitude is >= -180 and <= 180)) throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "must be between -180 and 180 degrees");
        return new GeoPoint(latitude, longitude);
    }

    /// <summary>Great-circle distance by the haversine formula (well-conditioned for the short distances dispatch cares about).</summary>
    public double DistanceMetersTo(GeoPoint other)
    {
        var phi1 = double.DegreesToRadians(Latitude);
        var phi2 = double.DegreesToRadians(other.Latitude);
        var dPhi = phi2 - phi1;
        var dLambda = double.DegreesToRadians(other.Longitude - Longitude);
        var h = Math.Sin(dPhi / 2) * Math.Sin(dPhi / 2) + Math.Cos(phi1) * Math.Cos(phi2) * Math.Sin(dLambda / 2) * Math.Sin(dLambda / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }
}
