using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Incidents;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Plans;

/// <summary>What the dashboard's launch form asks before a callout goes out (docs/dispatch.md, "Launching").</summary>
public static class LaunchApi
{
    // GET  /api/organisations/{organisationId}/area                          the districts of the jurisdiction, each with a point inside it
    // GET  /api/organisations/{organisationId}/plans?latitude=…&longitude=…  the plans that apply to a place in the jurisdiction
    // POST /api/incidents/preview                                            a dry run of POST /api/incidents: whom it would offer first
    public static IEndpointRouteBuilder MapLaunchApi(this IEndpointRouteBuilder app)
    {
        var organisations = app.MapGroup("/api/organisations/{organisationId}").WithTags("Plans").RequireAuthorization();
        var organisation = Target.Route<OrganisationId>("organisationId");
        organisations.MapGet("/area", GetArea).Allow(Commanders(organisation), Observers(organisation));
        organisations.MapGet("/plans", ListPlans).Allow(Commanders(organisation), Observers(organisation));
        app.MapPost("/api/incidents/preview", PreviewIncident).WithTags("Incidents").RequireAuthorization()
            .Allow(Commanders(Target.Body<PreviewIncidentRequest, OrganisationId>("organisationId", r => r.OrganisationId)));
        return app;
    }

    public static async Task<Results<Ok<JurisdictionArea>, ProblemHttpResult>> GetArea(OrganisationId organisationId, IGrainFactory grains)
    {
        var outcome = await grains.GetGrain<ILaunchGrain>(0).Area(organisationId);
        return outcome.Value is { } area ? TypedResults.Ok(area) : outcome.Refusal!.ToProblem();
    }

    /// <param name="latitude">With <paramref name="longitude"/>: the place; it must lie in the jurisdiction.</param>
    public static async Task<Results<Ok<ApplyingPlans>, ValidationProblem, ProblemHttpResult>> ListPlans(
        OrganisationId organisationId, IGrainFactory grains, double? latitude = null, double? longitude = null)
    {
        GeoPoint? place = null;
        if (latitude is not null || longitude is not null)
        {
            var errors = new RequestErrors();
            var point = new GeoPoint(errors.Required(latitude, "latitude"), errors.Required(longitude, "longitude"));
            // Each one given is checked even when the other is missing, so every bad field is named at once.
            errors.AddRange(GeoPoint.Validate(latitude ?? 0, longitude ?? 0, "x").Select(e => e with { Field = e.Field[2..] }));
            if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
            place = point;
        }
        var outcome = await grains.GetGrain<ILaunchGrain>(0).Plans(organisationId, place);
        return outcome.Value is { } plans ? TypedResults.Ok(plans) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<PreviewView>, ValidationProblem, ProblemHttpResult>> PreviewIncident(PreviewIncidentRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var incident = IncidentRequests.ReadIncident(errors, request.IncidentType, request.Place, request.OrganisationId, request.Severity,
            request.Exercise, request.Requirements, request.RadiusMeters, request.OfferTimeout, request.Description);
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcome = await grains.GetGrain<ILaunchGrain>(0).Preview(request.Id ?? IncidentId.Create("preview"), incident);
        if (outcome.Value is not { } preview) return outcome.Refusal!.ToProblem();
        // Team names, so the commander reads who would be called rather than ids; a team that vanished meanwhile keeps its id.
        var teams = preview.Requirements.SelectMany(r => r.Offers).Select(o => o.Team).Distinct().ToList();
        var views = await Task.WhenAll(teams.Select(t => grains.Team(t).Get()));
        var names = teams.Zip(views).ToImmutableDictionary(p => p.First, p => p.Second.Value?.Name ?? p.First.Value);
        return TypedResults.Ok(PreviewView.Of(preview, names));
    }
}

/// <summary>The body of <c>POST /api/incidents</c>; the id is optional (it only names the offers the dry run makes).</summary>
/// <param name="OfferTimeout">As <c>hh:mm:ss</c>; given, it wins over a plan's.</param>
public sealed record PreviewIncidentRequest(
    IncidentId? Id,
    [property: Required] [property: RegularExpression(InputBounds.IncidentTypePattern)] string? IncidentType,
    [property: Required] PointRequest? Place,
    [property: Required] OrganisationId? OrganisationId,
    [property: Required] int? Severity,
    bool? Exercise,
    [property: MaxLength(InputBounds.RequirementsPerPlan)] ImmutableArray<RequirementRequest>? Requirements,
    double? RadiusMeters,
    TimeSpan? OfferTimeout,
    [property: MaxLength(InputBounds.IncidentDescriptionLength)] string? Description);

/// <summary>A dry run as the dashboard shows it: arrival times in minutes, as everywhere else in the API.</summary>
public sealed record PreviewView(
    string IncidentType,
    PlanId? Plan,
    OrganisationId? PlanJurisdiction,
    bool ExplicitRequirements,
    TimeSpan OfferTimeout,
    DateTimeOffset At,
    ImmutableArray<PreviewRequirementView> Requirements)
{
    public static PreviewView Of(CalloutPreview p, IReadOnlyDictionary<TeamId, string> names) => new(p.IncidentType, p.Plan, p.PlanJurisdiction,
        p.ExplicitRequirements, p.OfferTimeout, p.At,
        [.. p.Requirements.Select(r => new PreviewRequirementView(r.Key, r.Capability, r.Teams, r.MinimumMembers, r.Status, r.RadiusMeters, r.Level,
            [.. r.Offers.Select(o => new PreviewOfferView(o.Team, names.GetValueOrDefault(o.Team, o.Team.Value), o.DistanceMeters,
                o.Eta is { } eta ? Math.Round(eta.TotalMinutes, 1) : null, o.Level, o.Wave))],
            r.Eligible, r.Excluded))]);
}

public sealed record PreviewRequirementView(
    string Key,
    string Capability,
    int Teams,
    int MinimumMembers,
    RequirementStatus Status,
    double RadiusMeters,
    EscalationLevel Level,
    ImmutableArray<PreviewOfferView> Offers,
    int Eligible,
    ImmutableDictionary<ExclusionReason, int> Excluded);

/// <param name="EtaMinutes">Travel time at the dispatch travel speed, to a tenth of a minute.</param>
public sealed record PreviewOfferView(TeamId Team, string Name, double? DistanceMeters, double? EtaMinutes, EscalationLevel Level, int Wave);
