using System.Collections.Immutable;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>An emergency volunteer plan (应急志愿服务预案) for one incident type in one jurisdiction.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.response-plan")]
public sealed record ResponsePlan(
    PlanId Id,
    string IncidentType,
    OrganisationId Jurisdiction,
    ImmutableArray<RequirementSpec> Requirements,
    double RadiusMeters,
    TimeSpan OfferTimeout,
    double OverOfferFactor,
    ImmutableArray<EscalationStep> Ladder,
    RestPolicy? Rest = null)
{
    public const double MaxRadiusMeters = 500_000;
    public static readonly TimeSpan MinOfferTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxOfferTimeout = TimeSpan.FromHours(1);
    public const double MinOverOfferFactor = 1;
    public const double MaxOverOfferFactor = 5;

    /// <summary>Every invalid field at once; empty when the plan can drive a callout.</summary>
    public ImmutableArray<FieldError> Validate()
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        if (Id.IsEmpty) errors.Add(new("id", "is required"));
        if (!InputBounds.IsIncidentType(IncidentType?.Trim()))
            errors.Add(new("incidentType", $"must be 1 to {InputBounds.IncidentTypeLength} letters, digits, '-' or '_'"));
        if (Jurisdiction.IsEmpty) errors.Add(new("jurisdiction", "is required"));
        errors.AddRange(ValidateRequirements(Requirements));
        if (!IsRadius(RadiusMeters)) errors.Add(new("radiusMeters", "must be more than 0 and at most 500 km"));
        if (OfferTimeout < MinOfferTimeout || OfferTimeout > MaxOfferTimeout)
            errors.Add(new("offerTimeout", "must be between 30 seconds and 1 hour"));
        if (!(OverOfferFactor is >= MinOverOfferFactor and <= MaxOverOfferFactor))
            errors.Add(new("overOfferFactor", "must be between 1 and 5"));
        errors.AddRange(ValidateLadder(Ladder));
        if (Rest is { } rest) errors.AddRange(rest.Validate("rest"));
        return errors.ToImmutable();
    }

    internal static ImmutableArray<FieldError> ValidateRequirements(ImmutableArray<RequirementSpec> requirements)
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        if (requirements.IsDefaultOrEmpty)
        {
            errors.Add(new("requirements", "at least one requirement is needed"));
            return errors.ToImmutable();
        }
        if (requirements.Length > InputBounds.RequirementsPerPlan)
        {
            errors.Add(new("requirements", $"at most {InputBounds.RequirementsPerPlan} requirements"));
            return errors.ToImmutable();
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requirements.Length; i++)
        {
            var r = requirements[i];
            if (InputBounds.TextProblem(r.Key, InputBounds.RequirementKeyLength) is { } keyProblem) errors.Add(new($"requirements[{i}].key", keyProblem));
            else if (!keys.Add(r.Key)) errors.Add(new($"requirements[{i}].key", "is used by another requirement"));
            InputBounds.Text(errors, $"requirements[{i}].capability", r.Capability, InputBounds.CapabilityLength);
            if (r.Teams < 1) errors.Add(new($"requirements[{i}].teams", "must be at least 1"));
            if (r.MinimumMembers < 1) errors.Add(new($"requirements[{i}].minimumMembers", "must be at least 1"));
        }
        return errors.ToImmutable();
    }

    internal static ImmutableArray<FieldError> ValidateLadder(ImmutableArray<EscalationStep> ladder)
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        var steps = ladder.IsDefault ? [] : ladder;
        // Each step must be a higher level than the one before, so there can be no more steps than levels.
        if (steps.Length > Enum.GetValues<EscalationLevel>().Length)
            return [new("ladder", $"at most {Enum.GetValues<EscalationLevel>().Length} steps, one per level")];
        for (var i = 0; i < steps.Length; i++)
        {
            var s = steps[i];
            if (!Enum.IsDefined(s.Level)) errors.Add(new($"ladder[{i}].level", "is not a known level"));
            else if (i > 0 && s.Level <= steps[i - 1].Level) errors.Add(new($"ladder[{i}].level", "must be higher than the step before"));
            if (s.RadiusFactor is null == s.RadiusMeters is null)
                errors.Add(new($"ladder[{i}]", "needs exactly one of radiusFactor and radiusMeters"));
            if (s.RadiusFactor is { } f && !(f is > 1 and <= 10)) errors.Add(new($"ladder[{i}].radiusFactor", "must be more than 1 and at most 10"));
            if (s.RadiusMeters is { } m && !IsRadius(m)) errors.Add(new($"ladder[{i}].radiusMeters", "must be more than 0 and at most 500 km"));
        }
        return errors.ToImmutable();
    }

    private static bool IsRadius(double meters) => meters is > 0 and <= MaxRadiusMeters;
}
