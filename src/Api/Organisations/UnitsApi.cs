using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Organisations;

public static class UnitsApi
{
    // GET /api/organisations/{id}/units       the unit status board: every team of the jurisdiction by status, filtered, a page at a time
    // GET /api/organisations/{id}/districts   the jurisdiction's districts and the organisations beneath each, for filters
    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization();
        var organisation = Target.Route<OrganisationId>("id");
        api.MapGet("/{id}/units", ListUnits).Allow(Commanders(organisation), Observers(organisation));
        api.MapGet("/{id}/districts", ListDistricts).Allow(Commanders(organisation), Observers(organisation));
        return app;
    }

    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;
    public const int MaxCapabilityLength = 64;

    /// <summary>Counts per status over the capability and district filters (so the board's chips say how many a status
    /// filter would show), then the page of units in status order and by name. Each team answers for its own status
    /// (<see cref="UnitStatusRule"/>); the list only gathers them.</summary>
    public static async Task<Results<Ok<UnitBoard>, ValidationProblem, ProblemHttpResult>> ListUnits(
        OrganisationId id, IGrainFactory grains, string? capability = null, OrganisationId? district = null, string? status = null,
        int? offset = null, int? limit = null)
    {
        var errors = new RequestErrors();
        UnitStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<UnitStatus>(status, ignoreCase: true, out var parsed) && Enum.GetNames<UnitStatus>().Contains(status, StringComparer.OrdinalIgnoreCase)) wanted = parsed;
            else errors.Add("status", $"must be one of {string.Join(", ", Enum.GetNames<UnitStatus>())}");
        }
        if (capability is { Length: 0 or > MaxCapabilityLength }) errors.Add("capability", $"must be 1 to {MaxCapabilityLength} characters");
        if (offset is < 0) errors.Add("offset", "must be 0 or more");
        if (limit is < 1 or > MaxPageSize) errors.Add("limit", $"must be between 1 and {MaxPageSize}");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var tree = await Jurisdiction.WalkAsync(grains, id);
        if (tree.Refusal is { } refusal) return refusal.ToProblem();
        if (district is { } d && !tree.Districts.Any(x => x.Id == d))
            return Problems.Validation([new FieldError("district", "is not a district of this jurisdiction")]);

        var units = (await Task.WhenAll(tree.Teams.Select(t => grains.Team(t.Team).GetUnit())))
            .Select(o => o.Value).OfType<UnitView>()
            .Select(u => UnitLine.Of(u, tree.DistrictOf(u.Organisation)))
            .Where(u => district is null || u.District == district)
            .Where(u => capability is null || u.Capabilities.GetValueOrDefault(capability) > 0)
            .ToList();
        var counts = Enum.GetValues<UnitStatus>().ToImmutableDictionary(s => s, s => units.Count(u => u.Status == s));
        var shown = units.Where(u => wanted is null || u.Status == wanted)
            .OrderBy(u => u.Status).ThenBy(u => u.Name, StringComparer.Ordinal).ThenBy(u => u.Id.Value, StringComparer.Ordinal).ToList();
        var from = offset ?? 0;
        var size = limit ?? DefaultPageSize;
        var capabilities = units.SelectMany(u => u.Capabilities.Where(c => c.Value > 0).Select(c => c.Key)).Distinct().Order(StringComparer.Ordinal);
        return TypedResults.Ok(new UnitBoard(counts, shown.Count, from, size, [.. shown.Skip(from).Take(size)], [.. capabilities]));
    }

    public static async Task<Results<Ok<ImmutableArray<DistrictView>>, ProblemHttpResult>> ListDistricts(OrganisationId id, IGrainFactory grains)
    {
        var tree = await Jurisdiction.WalkAsync(grains, id);
        return tree.Refusal is { } refusal ? refusal.ToProblem() : TypedResults.Ok(tree.Districts);
    }
}

/// <param name="Counts">Units per status under the capability and district filters, before the status filter.</param>
/// <param name="Total">Units the filters leave, all pages together.</param>
/// <param name="Capabilities">Every capability some unit under the district filter is qualified for now.</param>
public sealed record UnitBoard(
    ImmutableDictionary<UnitStatus, int> Counts,
    int Total,
    int Offset,
    int Limit,
    ImmutableArray<UnitLine> Units,
    ImmutableArray<string> Capabilities);

/// <param name="District">The district the team's organisation lies in; null for a team of the city itself.</param>
public sealed record UnitLine(
    TeamId Id,
    string Name,
    OrganisationId Organisation,
    OrganisationId? District,
    UnitStatus Status,
    int Members,
    ImmutableDictionary<string, int> Capabilities,
    IncidentId? Incident,
    bool Exercise,
    DateTimeOffset? OnCallUntil,
    DateTimeOffset? RestUntil,
    DateTimeOffset? Since)
{
    public static UnitLine Of(UnitView u, OrganisationId? district) => new(u.Id, u.Name, u.Organisation, district, u.Status, u.Members,
        u.Capabilities, u.Incident, u.Exercise, u.OnCallUntil, u.RestUntil, u.Since);
}

/// <param name="Organisations">The district and every organisation beneath it.</param>
public sealed record DistrictView(OrganisationId Id, string Name, ImmutableArray<OrganisationId> Organisations);

/// <summary>The organisation tree under one node, read level by level (each level's nodes in parallel): its teams and
/// which district each organisation lies in.</summary>
internal sealed record Jurisdiction(
    ImmutableArray<(TeamId Team, OrganisationId Organisation)> Teams,
    ImmutableArray<DistrictView> Districts,
    ImmutableDictionary<OrganisationId, OrganisationId> DistrictOfOrganisation,
    Refusal? Refusal)
{
    public OrganisationId? DistrictOf(OrganisationId organisation) =>
        DistrictOfOrganisation.TryGetValue(organisation, out var d) ? d : null;

    public static async Task<Jurisdiction> WalkAsync(IGrainFactory grains, OrganisationId root)
    {
        var first = await grains.Organisation(root).Get();
        if (first.Value is not { } top) return new([], [], ImmutableDictionary<OrganisationId, OrganisationId>.Empty, first.Refusal);

        // Below a district the root's own district holds everything; above, each district child starts its own.
        OrganisationId? rootDistrict = null;
        string? rootDistrictName = null;
        if (top.Node.Level == OrganisationLevel.District) (rootDistrict, rootDistrictName) = (top.Node.Id, top.Node.Name);
        else if (top.Node.Level > OrganisationLevel.District
                 && (await grains.Organisation(root).GetLadder()).Value?.Nodes.FirstOrDefault(n => n.Level == OrganisationLevel.District) is { } above)
            (rootDistrict, rootDistrictName) = (above.Id, above.Name);

        var teams = ImmutableArray.CreateBuilder<(TeamId, OrganisationId)>();
        var districtOf = ImmutableDictionary.CreateBuilder<OrganisationId, OrganisationId>();
        var names = new Dictionary<OrganisationId, string>();
        var seen = new HashSet<OrganisationId>();
        var level = new List<(OrganisationView View, OrganisationId? District)> { (top, rootDistrict) };
        if (rootDistrict is { } rd) names[rd] = rootDistrictName!;
        while (level.Count > 0)
        {
            var next = new List<(OrganisationId Id, OrganisationId? District)>();
            foreach (var (view, district) in level)
            {
                if (!seen.Add(view.Node.Id)) continue;
                if (district is { } known) districtOf[view.Node.Id] = known;
                teams.AddRange(view.Teams.Select(t => (t, view.Node.Id)));
                next.AddRange(view.Children.Select(c => (c, district)));
            }
            var children = await Task.WhenAll(next.Where(n => !seen.Contains(n.Id)).Select(async n => (view: (await grains.Organisation(n.Id).Get()).Value, n.District)));
            level = [.. children.Where(c => c.view is not null).Select(c =>
            {
                var district = c.District ?? (c.view!.Node.Level == OrganisationLevel.District ? c.view.Node.Id : null);
                if (district == c.view!.Node.Id) names[c.view.Node.Id] = c.view.Node.Name;
                return (c.view, district);
            })];
        }
        var districts = districtOf.GroupBy(p => p.Value)
            .Select(g => new DistrictView(g.Key, names.GetValueOrDefault(g.Key, g.Key.Value), [.. g.Select(p => p.Key).Order()]))
            .OrderBy(d => d.Id.Value, StringComparer.Ordinal).ToImmutableArray();
        return new(teams.DistinctBy(t => t.Item1).ToImmutableArray(), districts, districtOf.ToImmutable(), null);
    }
}
