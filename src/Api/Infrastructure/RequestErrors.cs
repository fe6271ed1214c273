using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Infrastructure;

/// <summary>Collects what is missing from a request body before anything is called, so one answer names every
/// absent field. Shape only: whether a value is acceptable is the domain's call.</summary>
public sealed class RequestErrors
{
    private readonly ImmutableArray<FieldError>.Builder _errors = ImmutableArray.CreateBuilder<FieldError>();

    public bool IsEmpty => _errors.Count == 0;

    public ImmutableArray<FieldError> ToImmutable() => _errors.ToImmutable();

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public void AddRange(IEnumerable<FieldError> errors) => _errors.AddRange(errors);

    /// <summary>When fields are missing, the domain's own check of what was sent still runs, so one answer names every
    /// problem; its verdicts on the fields already named (their stand-in values) are left out.</summary>
    public void AlsoDomain(Func<ImmutableArray<FieldError>> validate)
    {
        if (IsEmpty) return;
        var named = _errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        _errors.AddRange(validate().Where(e => !named.Any(n => e.Field == n || e.Field.StartsWith(n + ".", StringComparison.Ordinal) || e.Field.StartsWith(n + "[", StringComparison.Ordinal))));
    }

    public T Required<T>(T? value, string field) where T : struct
    {
        if (value is null) Add(field, "is required");
        return value.GetValueOrDefault();
    }

    public string Required(string? value, string field)
    {
        if (value is null) Add(field, "is required");
        return value ?? "";
    }

    /// <summary>A required position, checked for range too: every route that takes one must refuse the same way.</summary>
    public GeoPoint RequiredPoint(PointRequest? point, string field)
    {
        if (point is null)
        {
            Add(field, "is required");
            return default;
        }
        return RequiredCoordinates(point.Latitude, point.Longitude, field);
    }

    /// <summary>Latitude and longitude under <paramref name="prefix"/> (empty for top-level fields).</summary>
    public GeoPoint RequiredCoordinates(double? latitude, double? longitude, string prefix)
    {
        var dot = prefix.Length == 0 ? "" : prefix + ".";
        var lat = Required(latitude, dot + "latitude");
        var lon = Required(longitude, dot + "longitude");
        if (latitude is not null && longitude is not null)
            AddRange(GeoPoint.Validate(lat, lon, "x").Select(e => e with { Field = dot + e.Field[2..] }));
        return new GeoPoint(lat, lon);
    }
}

/// <summary>A WGS 84 position as clients send it.</summary>
public sealed record PointRequest([property: Required] double? Latitude, [property: Required] double? Longitude);
