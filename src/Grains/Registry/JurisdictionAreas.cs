using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace Mobilize.Grains.Registry;

/// <summary>Where each jurisdiction lies: the district and county boundaries the dashboard's map draws
/// (<c>wwwroot/geo/*.geojson</c>, embedded), found by an organisation's GB/T 2260 code.</summary>
/// <remarks>
/// A district's code names its own boundary (110105 朝阳区). A code ending in 00 names every district beneath it:
/// 110000 (北京市) all codes starting 11, 130700 (张家口市) all starting 1307. An organisation without a code, or with
/// one the boundaries do not hold, lies where the nearest organisation above it with a known code lies; when none has
/// one, its area is unknown and every place is accepted (the product cannot tell).
/// </remarks>
internal sealed class JurisdictionAreas
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    private static readonly Lazy<JurisdictionAreas> Embedded = new(() => Load(typeof(JurisdictionAreas).Assembly));

    private readonly ImmutableArray<Area> _districts;

    private JurisdictionAreas(ImmutableArray<Area> districts) => _districts = districts;

    /// <summary>The boundaries shipped with the product.</summary>
    public static JurisdictionAreas Standard => Embedded.Value;

    /// <summary>The area of the nearest organisation on <paramref name="ladder"/> (itself first) whose code is known,
    /// with that organisation; null when none is.</summary>
    public (OrganisationNode Organisation, Func<GeoPoint, bool> Contains)? AreaOf(OrganisationLadder ladder) =>
        Find(ladder) is { } found ? (found.Organisation, point => found.Districts.Any(d => d.Contains(point))) : null;

    /// <summary>The districts the area of <see cref="AreaOf"/> is made of, each with its name, the boundary file it
    /// comes from and a point inside it (where a map puts its label, and where a launch by district name lands).</summary>
    public (OrganisationNode Organisation, ImmutableArray<DistrictArea> Districts)? DistrictsOf(OrganisationLadder ladder) =>
        Find(ladder) is { } found
            ? (found.Organisation, [.. found.Districts.Select(d => new DistrictArea(d.Code, d.Name ?? d.Code, d.Source, d.Inside))])
            : null;

    private (OrganisationNode Organisation, ImmutableArray<Area> Districts)? Find(OrganisationLadder ladder)
    {
        foreach (var node in ladder.Nodes)
        {
            if (node.DistrictCode is not { } code) continue;
            var prefix = code.TrimEnd('0');
            // Pairs of zeros are levels: 110100 keeps "1101", 110000 keeps "11" (a code may end in one real 0: 110110).
            if (code.Length - prefix.Length is var zeros && zeros % 2 == 1) prefix += "0";
            var districts = code.EndsWith("00", StringComparison.Ordinal)
                ? _districts.Where(d => d.Code.StartsWith(prefix, StringComparison.Ordinal)).ToImmutableArray()
                : _districts.Where(d => d.Code == code).ToImmutableArray();
            if (districts.IsEmpty) continue;
            return (node, districts);
        }
        return null;
    }

    /// <summary>A field error when <paramref name="place"/> lies outside the area of the organisation on
    /// <paramref name="ladder"/>; empty when it lies inside or the area is unknown.</summary>
    public ImmutableArray<FieldError> Outside(OrganisationLadder ladder, GeoPoint place, string field) =>
        AreaOf(ladder) is { } area && !area.Contains(place)
            ? [new FieldError(field, $"lies outside the area of {area.Organisation.Name} ({area.Organisation.DistrictCode}), the jurisdiction of {ladder.Nodes[0].Name}")]
            : [];

    /// <summary>The name of the district <paramref name="place"/> lies in (朝阳区), for people reading an offer; null outside
    /// every boundary shipped.</summary>
    public string? DistrictNameAt(GeoPoint place) => _districts.FirstOrDefault(d => d.Contains(place))?.Name;

    private static JurisdictionAreas Load(Assembly assembly)
    {
        var districts = ImmutableArray.CreateBuilder<Area>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("geo/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var document = JsonDocument.Parse(stream);
            foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
            {
                var properties = feature.GetProperty("properties");
                districts.Add(new Area(properties.GetProperty("code").GetString()!,
                    properties.TryGetProperty("name", out var districtName) ? districtName.GetString() : null,
                    Path.GetFileNameWithoutExtension(name["geo/".Length..]), ReadGeometry(feature.GetProperty("geometry"))));
            }
        }
        return new JurisdictionAreas(districts.ToImmutable());
    }

    private static Geometry ReadGeometry(JsonElement geometry)
    {
        var coordinates = geometry.GetProperty("coordinates");
        return geometry.GetProperty("type").GetString() switch
        {
            "Polygon" => ReadPolygon(coordinates),
            "MultiPolygon" => Factory.CreateMultiPolygon([.. coordinates.EnumerateArray().Select(ReadPolygon)]),
            var other => throw new InvalidDataException($"A boundary must be a Polygon or MultiPolygon, not {other}."),
        };
    }

    private static Polygon ReadPolygon(JsonElement rings)
    {
        var all = rings.EnumerateArray().Select(ring => Factory.CreateLinearRing(
            [.. ring.EnumerateArray().Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble()))])).ToArray();
        return Factory.CreatePolygon(all[0], all[1..]);
    }

    private sealed class Area(string code, string? name, string source, Geometry boundary)
    {
        private readonly IndexedPointInAreaLocator _locator = new(boundary);

        public string Code { get; } = code;

        public string? Name { get; } = name;

        public string Source { get; } = source;

        // An interior point, not the centroid: a crescent-shaped county's centroid can lie outside it.
        public GeoPoint Inside { get; } = new(Math.Round(boundary.InteriorPoint.Y, 5), Math.Round(boundary.InteriorPoint.X, 5));

        // On the boundary counts as inside: an incident on the street that divides two districts belongs to either.
        public bool Contains(GeoPoint point) => _locator.Locate(new Coordinate(point.Longitude, point.Latitude)) != Location.Exterior;
    }
}

/// <summary>One district or county of a jurisdiction's area.</summary>
/// <param name="Source">The boundary file that draws it (<c>wwwroot/geo/{Source}.geojson</c>).</param>
/// <param name="Inside">A point inside the boundary.</param>
[GenerateSerializer, Immutable, Alias("mobilize.registry.district-area")]
public sealed record DistrictArea(string Code, string Name, string Source, GeoPoint Inside);
