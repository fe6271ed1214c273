using System.Collections.Immutable;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Volunteers;

public sealed record RegisterVolunteerRequest(
    VolunteerId? Id,
    string? RealName,
    string? Phone,
    string? IdNumber,
    ImmutableArray<string>? Skills,
    ImmutableArray<CertificationRequest>? Certifications,
    InsuranceRequest? Insurance);

public sealed record CertificationRequest(string? Capability, DateOnly? Issued, DateOnly? Expires, string? Issuer);

public sealed record InsuranceRequest(string? PolicyNumber, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <param name="Insurance">The new policy, or null when the volunteer no longer has one.</param>
public sealed record InsuranceUpdateRequest(InsuranceRequest? Insurance);

public sealed record CertificationsRequest(ImmutableArray<CertificationRequest>? Certifications);

public sealed record DutyRequest(DutyStatus? Status, DateTimeOffset? OnCallUntil);

/// <summary>A phone's position fix; <see cref="ReportedAt"/> defaults to when the server receives it.</summary>
public sealed record LocationRequest(double? Latitude, double? Longitude, double? AccuracyMeters, DateTimeOffset? ReportedAt);

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

    public static LocationReport ToReport(this LocationRequest request, RequestErrors errors, string prefix, DateTimeOffset now)
    {
        var point = errors.RequiredCoordinates(request.Latitude, request.Longitude, prefix);
        var accuracy = errors.Required(request.AccuracyMeters, prefix.Length == 0 ? "accuracyMeters" : $"{prefix}.accuracyMeters");
        return new LocationReport(point, request.ReportedAt ?? now, accuracy);
    }
}
