using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Volunteers;

public sealed record RegisterVolunteerRequest(
    [property: Required] VolunteerId? Id,
    [property: Required] [property: MaxLength(VolunteerRegistration.MaxNameLength)] string? RealName,
    [property: Required] [property: MaxLength(20)] string? Phone,
    [property: MaxLength(18)] string? IdNumber,
    [property: MaxLength(InputBounds.SkillsPerVolunteer)] ImmutableArray<string>? Skills,
    [property: MaxLength(InputBounds.CertificationsPerVolunteer)] ImmutableArray<CertificationRequest>? Certifications,
    InsuranceRequest? Insurance);

public sealed record CertificationRequest([property: Required] [property: MaxLength(InputBounds.CapabilityLength)] string? Capability, [property: Required] DateOnly? Issued, [property: Required] DateOnly? Expires, [property: MaxLength(InputBounds.IssuerLength)] string? Issuer);

public sealed record InsuranceRequest([property: Required] [property: MaxLength(InputBounds.PolicyNumberLength)] string? PolicyNumber, [property: Required] DateOnly? ValidFrom, [property: Required] DateOnly? ValidTo);

/// <param name="Insurance">The new policy, or null when the volunteer no longer has one. Required even to clear it, so
/// that a body that forgot the field (<c>{}</c>) is refused rather than read as "delete the insurance".</param>
public sealed record InsuranceUpdateRequest([property: JsonRequired] InsuranceRequest? Insurance);

public sealed record CertificationsRequest([property: Required] [property: MaxLength(InputBounds.CertificationsPerVolunteer)] ImmutableArray<CertificationRequest>? Certifications);

public sealed record DutyRequest([property: Required] DutyStatus? Status, DateTimeOffset? OnCallUntil);

/// <summary>A phone's position fix; <see cref="ReportedAt"/> defaults to when the server receives it.</summary>
public sealed record LocationRequest([property: Required] double? Latitude, [property: Required] double? Longitude, [property: Required] double? AccuracyMeters, DateTimeOffset? ReportedAt);

internal static class VolunteerRequestMapping
{
    public static ImmutableArray<Certification> ToCertifications(this ImmutableArray<CertificationRequest>? items, RequestErrors errors, string field)
    {
        if (items is not { } list) return [];
        var result = ImmutableArray.CreateBuilder<Certification>(list.Length);
        for (var i = 0; i < list.Length; i++)
        {
            var c = list[i];
            if (c is null)
            {
                errors.Add($"{field}[{i}]", "is required");
                continue;
            }
            result.Add(new Certification(
                errors.Required(c.Capability, $"{field}[{i}].capability"),
                errors.Required(c.Issued, $"{field}[{i}].issued"),
                errors.Required(c.Expires, $"{field}[{i}].expires"),
                c.Issuer));
        }
        return result.ToImmutable();
    }

    public static Insurance? ToInsurance(this InsuranceRequest? insurance, RequestErrors errors, string field) =>
        insurance is null
            ? null
            : new Insurance(
                errors.Required(insurance.PolicyNumber, $"{field}.policyNumber"),
                errors.Required(insurance.ValidFrom, $"{field}.validFrom"),
                errors.Required(insurance.ValidTo, $"{field}.validTo"));

    /// <summary>The report, checked whole (coordinates, accuracy, time) by the domain's rule, so a batch can refuse a
    /// malformed one before any other is applied.</summary>
    public static LocationReport ToReport(this LocationRequest request, RequestErrors errors, string prefix, DateTimeOffset now)
    {
        var dot = prefix.Length == 0 ? "" : prefix + ".";
        var latitude = errors.Required(request.Latitude, dot + "latitude");
        var longitude = errors.Required(request.Longitude, dot + "longitude");
        var accuracy = errors.Required(request.AccuracyMeters, dot + "accuracyMeters");
        var report = new LocationReport(new GeoPoint(latitude, longitude), request.ReportedAt ?? now, accuracy);
        var checks = report.Validate(now, prefix);
        errors.AddRange(checks.Where(e => e.Field switch
        {
            var f when f == dot + "latitude" => request.Latitude is not null,
            var f when f == dot + "longitude" => request.Longitude is not null,
            var f when f == dot + "accuracyMeters" => request.AccuracyMeters is not null,
            _ => true,
        }));
        return report;
    }
}
