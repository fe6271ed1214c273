using System.Collections.Immutable;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>Pure rules for opening an incident: checking the request and turning a plan, or the request itself, into a recruitment setup.</summary>
public static class IncidentSetup
{
    public const int MaxIncidentTypeLength = InputBounds.IncidentTypeLength;

    public static ImmutableArray<FieldError> Validate(IncidentRequest request, DrillClock clock)
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        var type = request.IncidentType?.Trim() ?? string.Empty;
        if (!InputBounds.IsIncidentType(type))
            errors.Add(new("incidentType", $"must be 1 to {InputBounds.IncidentTypeLength} letters, digits, '-' or '_'"));
        InputBounds.Text(errors, "description", request.Description, InputBounds.IncidentDescriptionLength, required: false);
        // Checked where the request enters, whether or not a plan later takes the place of these requirements.
        if (!request.Requirements.IsDefaultOrEmpty) errors.AddRange(ResponsePlan.ValidateRequirements(request.Requirements));
        errors.AddRange(request.Place.Validate("place"));
        if (request.Severity is < IncidentRequest.MinSeverity or > IncidentRequest.MaxSeverity)
            errors.Add(new("severity", $"must be {IncidentRequest.MinSeverity} to {IncidentRequest.MaxSeverity}"));
        if (request.Organisation.IsEmpty) errors.Add(new("organisationId", "is required"));
        if (clock.IsAccelerated && !request.Exercise)
            errors.Add(new("exercise", $"this server's clock runs {clock.Rate:0.##}x faster for drills, so it opens exercise incidents only"));
        return errors.ToImmutable();
    }

    /// <summary>The search starts at the level of the incident's organisation (a community's incident asks its community first).</summary>
    public static EscalationLevel StartLevel(OrganisationLevel level) => level switch
    {
        OrganisationLevel.City => EscalationLevel.City,
        OrganisationLevel.District => EscalationLevel.District,
        OrganisationLevel.Street => EscalationLevel.Street,
        _ => EscalationLevel.Community,
    };

    /// <summary>Without a plan: each level above the start doubles the radius, then mutual aid doubles it once more.</summary>
    public static ImmutableArray<EscalationStep> DefaultLadder(EscalationLevel start) =>
        [.. Enum.GetValues<EscalationLevel>().Where(l => l > start).Select(l => EscalationStep.Widen(l, 2))];

    /// <summary>The setup from an explicit request, checked with the same rules as a plan (field names included).</summary>
    public static (RecruitmentSetup? Setup, ImmutableArray<FieldError> Errors) Explicit(IncidentId incident, IncidentRequest request,
        EscalationLevel start, DispatchOptions defaults)
    {
        if (request.Requirements.IsDefaultOrEmpty)
            return (null, [new FieldError("requirements", "no plan covers this incident type here, so the requirements must be given")]);
        var asPlan = new ResponsePlan(PlanId.Create("explicit"), request.IncidentType, request.Organisation, request.Requirements,
            request.RadiusMeters ?? defaults.DefaultRadiusMeters, request.OfferTimeout ?? defaults.DefaultOfferTimeout,
            defaults.DefaultOverOfferFactor, DefaultLadder(start));
        var errors = asPlan.Validate();
        return errors.IsEmpty ? (RecruitmentSetup.FromPlan(incident, asPlan, start), []) : (null, errors);
    }

    /// <summary>Structural equality for a retried creation (ImmutableArray compares by reference).</summary>
    public static bool SameRequest(IncidentRequest a, IncidentRequest b) =>
        a with { Requirements = [] } == b with { Requirements = [] }
        && (a.Requirements.IsDefault ? [] : a.Requirements).SequenceEqual(b.Requirements.IsDefault ? [] : b.Requirements);
}
