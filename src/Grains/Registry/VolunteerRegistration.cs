using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>What a volunteer submits to register under their real name (实名注册).</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.volunteer-registration")]
public sealed record VolunteerRegistration(
    string RealName,
    string Phone,
    string? IdNumber,
    ImmutableArray<string> Skills,
    ImmutableArray<Certification> Certifications,
    Insurance? Insurance)
{
    public const int MinNameLength = 2;
    public const int MaxNameLength = 40;

    /// <summary>Every invalid field at once, so a form can show them all; empty when valid.</summary>
    public ImmutableArray<FieldError> Validate(DateOnly today)
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        var name = RealName?.Trim() ?? string.Empty;
        if (name.Length is < MinNameLength or > MaxNameLength)
            errors.Add(new("realName", $"must be {MinNameLength} to {MaxNameLength} characters"));
        if (!MobilePhone.IsValid(Phone))
            errors.Add(new("phone", "must be a mainland mobile number: 11 digits starting 13–19, optionally +86"));
        if (IdNumber is not null && ChineseIdNumber.Problem(IdNumber, today) is { } idProblem)
            errors.Add(new("idNumber", idProblem));
        ValidateSkills(errors);
        ValidateCertifications(errors, today);
        if (Insurance is not null) ValidateInsurance(errors, Insurance);
        return errors.ToImmutable();
    }

    private void ValidateSkills(ImmutableArray<FieldError>.Builder errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var skills = Skills.IsDefault ? [] : Skills;
        if (skills.Length > InputBounds.SkillsPerVolunteer)
        {
            errors.Add(new("skills", $"at most {InputBounds.SkillsPerVolunteer} skills"));
            return;
        }
        for (var i = 0; i < skills.Length; i++)
        {
            if (InputBounds.TextProblem(skills[i], InputBounds.CapabilityLength) is { } problem) errors.Add(new($"skills[{i}]", problem));
            else if (!seen.Add(skills[i])) errors.Add(new($"skills[{i}]", "is listed twice"));
        }
    }

    private void ValidateCertifications(ImmutableArray<FieldError>.Builder errors, DateOnly today)
    {
        var certifications = Certifications.IsDefault ? [] : Certifications;
        // Refused whole beyond the bound: naming each of twenty thousand entries would be an answer as large as the attack.
        if (certifications.Length > InputBounds.CertificationsPerVolunteer)
        {
            errors.Add(new("certifications", $"at most {InputBounds.CertificationsPerVolunteer} certifications"));
            return;
        }
        for (var i = 0; i < certifications.Length; i++)
        {
            var c = certifications[i];
            InputBounds.Text(errors, $"certifications[{i}].capability", c.Capability, InputBounds.CapabilityLength);
            InputBounds.Text(errors, $"certifications[{i}].issuer", c.Issuer, InputBounds.IssuerLength, required: false);
            InputBounds.Date(errors, $"certifications[{i}].issued", c.Issued);
            InputBounds.Date(errors, $"certifications[{i}].expires", c.Expires);
            if (c.Issued > today) errors.Add(new($"certifications[{i}].issued", "must not be in the future"));
            if (c.Expires <= c.Issued) errors.Add(new($"certifications[{i}].expires", "must be after the issue date"));
        }
    }

    private static void ValidateInsurance(ImmutableArray<FieldError>.Builder errors, Insurance insurance)
    {
        InputBounds.Text(errors, "insurance.policyNumber", insurance.PolicyNumber, InputBounds.PolicyNumberLength);
        InputBounds.Date(errors, "insurance.validFrom", insurance.ValidFrom);
        InputBounds.Date(errors, "insurance.validTo", insurance.ValidTo);
        if (insurance.ValidTo <= insurance.ValidFrom) errors.Add(new("insurance.validTo", "must be after the start date"));
    }
}
