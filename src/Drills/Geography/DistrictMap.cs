using System.Collections.Immutable;
using System.Text.Json;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace Mobilize.Drills.Geography;

/// <summary>A city's districts as polygons, read from the GeoJSON files the dashboard's map draws (name, GB/T 2260 code).</summary>
public sealed class DistrictMap
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private DistrictMap(string city, ImmutableArray<District> districts)
    {
        City = city;
        Districts = districts;
    }

    public string City { get; }

    public ImmutableArray<District> Districts { get; }

    public static IReadOnlyList<string> Cities => ["beijing", "tianjin", "zhangjiakou", "tianshui"];

    /// <summary>The embedded boundaries of one of <see cref="Cities"/>.</summary>
    public static DistrictMap Load(string city)
    {
        var file = city switch
        {
            "beijing" or "tianjin" => $"geo/{city}-districts.geojson",
            "zhangjiakou" or "tianshui" => $"geo/{city}-counties.geojson",
            _ => throw new ArgumentException($"Unknown city '{city}'; known: {string.Join(", ", Cities)}.", nameof(city)),
        };
        using var stream = typeof(DistrictMap).Assembly.GetManifestResourceStream(file)
                           ?? throw new InvalidOperationException($"{file} is not embedded in {typeof(DistrictMap).Assembly.GetName().Name}.");
        return Read(city, stream);
    }

    public static DistrictMap Read(string city, Stream geoJson)
    {
        using var document = JsonDocument.Parse(geoJson);
        var districts = ImmutableArray.CreateBuilder<District>();
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            var geometry = ReadGeometry(feature.GetProperty("geometry"));
            districts.Add(new District(properties.GetProperty("code").GetString()!, properties.GetProperty("name").GetString()!, geometry));
        }
        // Code order, not file order, so generated ids do not depend on how the file was written.
        return new DistrictMap(city, [.. districts.OrderBy(d => d.Code, StringComparer.Ordinal)]);
    }

    public District? DistrictAt(double latitude, double longitude) =>
        Districts.FirstOrDefault(d => d.Contains(latitude, longitude));

    private static Geometry ReadGeometry(JsonElement geometry)
    {
        var coordinates = geometry.GetProperty("coordinates");
        return geometry.GetProperty("type").GetString() switch
        {
            "Polygon" => ReadPolygon(coordinates),
            "MultiPolygon" => Factory.CreateMultiPolygon([.. coordinates.EnumerateArray().Select(ReadPolygon)]),
            var other => throw new InvalidDataException($"District geometry must be a Polygon or MultiPolygon, not {other}."),
        };
    }

    private static Polygon ReadPolygon(JsonElement rings)
    {
        var all = rings.EnumerateArray().Select(ring => Factory.CreateLinearRing(
            [.. ring.EnumerateArray().Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble()))])).ToArray();
        return Factory.CreatePolygon(all[0], all[1..]);
    }
}

/// <summary>One district: its code and name, and its boundary (x = longitude, y = latitude).</summary>
public sealed class District(string code, string name, Geometry boundary)
{
    private readonly IndexedPointInAreaLocator _locator = new(boundary);

    public string Code { get; } = code;

    public string Name { get; } = name;

    public Geometry Boundary { get; } = boundary;

    public bool Contains(double latitude, double longitude) =>
        _locator.Locate(new Coordinate(longitude, latitude)) == Location.Interior;

    /// <summary>A point uniformly distributed inside the boundary: draws in the bounding box until one falls inside.</summary>
    public (double Latitude, double Longitude) RandomPoint(Random random)
    {
        var box = Boundary.EnvelopeInternal;
        while (true)
        {
            var lon = box.MinX + random.NextDouble() * box.Width;
            var lat = box.MinY + random.NextDouble() * box.Height;
            if (Contains(lat, lon)) return (Math.Round(lat, 6), Math.Round(lon, 6));
        }
    }
}
