using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Privacy;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Organisations;

/// <summary>What the dashboard's map draws beside incidents: the jurisdiction's teams at their bases and its on-duty
/// volunteers where they last reported, each position as precise as this caller may see it (docs/access.md).</summary>
public static class PositionsApi
{
    /// <summary>A map of a city holds thousands of teams; beyond this many the answer says it left some out.</summary>
    public const int MaxTeams = 500;

    // GET /api/organisations/{id}/positions   teams and on-duty volunteers of the jurisdiction, for the map
    public static IEndpointRouteBuilder MapPositionsApi(this IEndpointRouteBuilder app)
    {
        var organisation = Target.Route<OrganisationId>("id");
        app.MapGet("/api/organisations/{id}/positions", GetPositions).WithTags("Organisations").RequireAuthorization()
            .Allow(Commanders(organisation), Observers(organisation));
        return app;
    }

    public static async Task<Results<Ok<PositionsView>, ProblemHttpResult>> GetPositions(
        OrganisationId id, ClaimsPrincipal user, PersonalData personal, IGrainFactory grains)
    {
        var tree = await Jurisdiction.WalkAsync(grains, id);
        if (tree.Refusal is { } refusal) return refusal.ToProblem();
        var ordered = tree.Teams.Select(t => t.Team).OrderBy(t => t.Value, StringComparer.Ordinal).ToList();
        var shown = (await Task.WhenAll(ordered.Take(MaxTeams).Select(t => grains.Team(t).Get()))).Where(o => o.Value is not null).Select(o => o.Value!).ToList();

        var caller = Caller.From(user)!;
        var volunteers = new List<VolunteerPosition>();
        // A volunteer in two teams is drawn once, beside the first team listed.
        var drawn = new HashSet<VolunteerId>();
        foreach (var team in shown)
        {
            var members = team.Members.Where(drawn.Add).ToList();
            var statuses = await Task.WhenAll(members.Select(m => grains.Volunteer(m).GetStatus()));
            foreach (var status in statuses.Select(s => s.Value))
            {
                if (status is not { Location: { } raw } || !LocationPrivacy.IsOnDuty(status.Status)) continue;
                var seenAs = (await personal.ForViewer(caller, status)).Location!;
                volunteers.Add(new VolunteerPosition(team.Id, status.Status, seenAs.Point, seenAs.AccuracyMeters, Precise: seenAs == raw, seenAs.ReportedAt));
            }
        }
        return TypedResults.Ok(new PositionsView(id,
            [.. shown.Select(t => new TeamPosition(t.Id, t.Name, t.Status, t.BaseLocation, t.Members.Length))],
            [.. volunteers], Truncated: ordered.Count > MaxTeams));
    }
}

/// <param name="Truncated">More teams lie in the jurisdiction than the answer holds (<see cref="PositionsApi.MaxTeams"/>).</param>
public sealed record PositionsView(OrganisationId Organisation, ImmutableArray<TeamPosition> Teams, ImmutableArray<VolunteerPosition> Volunteers, bool Truncated);

/// <summary>A team at its base, which is no one's private place.</summary>
public sealed record TeamPosition(TeamId Id, string Name, DutyStatus Status, GeoPoint Place, int Members);

/// <summary>An on-duty volunteer's last report, named by their team only.</summary>
/// <param name="Precise">False when the position is on the 0.01° grid this caller gets (accuracy ≥ 1 km).</param>
public sealed record VolunteerPosition(TeamId Team, DutyStatus Status, GeoPoint Point, double AccuracyMeters, bool Precise, DateTimeOffset ReportedAt);
