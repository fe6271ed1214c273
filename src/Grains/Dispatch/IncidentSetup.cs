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

    /// <summary>Without a plan: each level above the start up to the city doubles the radius. Mutual aid (teams
    /// beyond the city) is never a default: only a plan whose ladder names it crosses the city.</summary>
    public static ImmutableArray<EscalationStep> DefaultLadder(EscalationLevel start) =>
        [.. Enum.GetValues<EscalationLevel>().Where(l => l > start && l <= EscalationLevel.City).Select(l => EscalationStep.Widen(l, 2))];

    /// <summary>The setup from an explicit request, checked with the same rules as a plan (field names included).
    /// Explicit requirements win over a <paramref name="plan"/> that covers the type; what the request leaves out
    /// (radius, offer timeout) and what it cannot give (over-offer factor, ladder) come from the plan, else the defaults.</summary>
    public static (RecruitmentSetup? Setup, ImmutableArray<FieldError> Errors) Explicit(IncidentId incident, IncidentRequest request,
        EscalationLevel start, DispatchOptions defaults, ResponsePlan? plan = null)
    {
        if (request.Requirements.IsDefaultOrEmpty)
            return (null, [new FieldError("requirements", "no plan covers this incident type here, so the requirements must be given")]);
        var asPlan = new ResponsePlan(PlanId.Create("explicit"), request.IncidentType, request.Organisation, request.Requirements,
            request.RadiusMeters ?? plan?.RadiusMeters ?? defaults.DefaultRadiusMeters,
            request.OfferTimeout ?? plan?.OfferTimeout ?? defaults.DefaultOfferTimeout,
            plan?.OverOfferFactor ?? defaults.DefaultOverOfferFactor, plan?.Ladder ?? DefaultLadder(start), plan?.Rest);
        var errors = asPlan.Validate();
        return errors.IsEmpty ? (RecruitmentSetup.FromPlan(incident, asPlan, start), []) : (null, errors);
    }

    /// <summary>A field error for every requirement whose capability no team could ever hold here (a misspelling
    /// such as <c>water_rescue</c>): a callout for it would be unfillable the moment it opens.</summary>
    public static ImmutableArray<FieldError> UnknownCapabilities(ImmutableArray<RequirementSpec> requirements, Func<string, bool> isKnown,
        IReadOnlyList<string> known, string field = "requirements")
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        for (var i = 0; i < requirements.Length; i++)
        {
            var code = requirements[i].Capability;
            if (string.IsNullOrWhiteSpace(code) || isKnown(code)) continue;
            var hint = CapabilityCodes.Closest(code, known) is { } close ? $"; did you mean '{close}'?" : "";
            errors.Add(new($"{field}[{i}].capability", $"no team here holds or held a certification for '{code}'{hint}"));
        }
        return errors.ToImmutable();
    }

    /// <summary>Structural equality for a retried creation (ImmutableArray compares by reference).</summary>
    public static bool SameRequest(IncidentRequest a, IncidentRequest b) =>
        a with { Requirements = [] } == b with { Requirements = [] }
        && (a.Requirements.IsDefault ? [] : a.Requirements).SequenceEqual(b.Requirements.IsDefault ? [] : b.Requirements);
}
