using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Privacy;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Incidents;

public static class RespondersApi
{
    // GET /api/incidents/{id}/responders   who is coming: per requirement, each offered team, each member's answer, ETA and arrival
    public static IEndpointRouteBuilder MapRespondersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents").WithTags("Incidents").RequireAuthorization();
        var incident = Target.Route<IncidentId>("id");
        api.MapGet("/{id}/responders", GetResponders).Allow(Commanders(incident), Observers(incident));
        return app;
    }

    /// <summary>Put together from what the incident (its offers) and each offered team (answers, muster, check-ins)
    /// hold. A member's real name shows only to those who may read their record in full (<see cref="PersonalData.MayUnmask"/>);
    /// everyone else sees it masked (<see cref="NamePrivacy"/>), and no phone number is given here at all.</summary>
    public static async Task<Results<Ok<RespondersView>, ProblemHttpResult>> GetResponders(
        IncidentId id, ClaimsPrincipal user, IGrainFactory grains, PersonalData personalData)
    {
        var outcome = await grains.Incident(id).GetSummary();
        if (outcome.Value is not { } summary) return outcome.Refusal!.ToProblem();
        var caller = Caller.From(user)!;

        var responses = await Task.WhenAll(summary.Offers.Select(async offer => (offer, response: (await grains.Team(offer.Team).GetResponse(offer.Id)).Value)));
        var volunteers = responses.Where(r => r.response is not null).SelectMany(r => r.response!.Members).Select(m => m.Volunteer).Distinct().ToList();
        var names = (await Task.WhenAll(volunteers.Select(async v =>
        {
            var profile = (await grains.Volunteer(v).GetProfile()).Value;
            var reveal = await personalData.MayUnmask(caller, v);
            return (v, name: profile is null ? null : NamePrivacy.Shown(profile.RealName, reveal), masked: !reveal);
        }))).ToDictionary(n => n.v);

        var requirements = summary.Requirements.Select(requirement => new RequirementResponders(
            requirement.Key, requirement.Capability, requirement.TeamsNeeded, requirement.TeamsFilled, requirement.MinimumMembers, requirement.Status,
            [.. responses.Where(r => r.offer.RequirementKey == requirement.Key && r.response is not null)
                .OrderBy(r => Order(r.offer.Status)).ThenBy(r => r.offer.Sequence)
                .Select(r => new TeamResponders(r.offer.Team, r.response!.Name, r.offer.Id, r.offer.Status, r.response.Status, r.offer.SentAt,
                    r.offer.ExpiresAt, r.response.MusteredAt,
                    [.. r.response.Members.Select(m => new MemberResponders(m.Volunteer, names[m.Volunteer].name, names[m.Volunteer].masked, m.Answer,
                        m.Eta is { } eta ? Math.Round(eta.TotalMinutes, 1) : null, m.AnsweredAt, m.ExpectedArrival, m.Arrival, m.CheckedInAt, m.CheckedOutAt))]))]));
        return TypedResults.Ok(new RespondersView(summary.Id, summary.Status, summary.Exercise, [.. requirements]));
    }

    // Who is coming first, then who may still come, then who will not.
    private static int Order(OfferStatus status) => status switch
    {
        OfferStatus.Accepted => 0,
        OfferStatus.Pending => 1,
        _ => 2,
    };
}

public sealed record RespondersView(IncidentId Id, IncidentStatus Status, bool Exercise, ImmutableArray<RequirementResponders> Requirements);

public sealed record RequirementResponders(
    string Key,
    string Capability,
    int TeamsNeeded,
    int TeamsFilled,
    int MinimumMembers,
    RequirementStatus Status,
    ImmutableArray<TeamResponders> Teams);

/// <param name="OfferStatus">The offer as the incident decided it.</param>
/// <param name="TeamStatus">The offer as the team sees it (its members may still be answering).</param>
/// <param name="MusteredAt">When the incident took the team; null until it has.</param>
public sealed record TeamResponders(
    TeamId Team,
    string Name,
    OfferId Offer,
    OfferStatus OfferStatus,
    TeamOfferStatus TeamStatus,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? MusteredAt,
    ImmutableArray<MemberResponders> Members);

/// <param name="Name">The real name, or masked (<c>张**</c>) when <paramref name="NameMasked"/>.</param>
/// <param name="EtaMinutes">The member's own estimate when accepting.</param>
/// <param name="ExpectedArrival">Answer time plus ETA.</param>
public sealed record MemberResponders(
    VolunteerId Volunteer,
    string? Name,
    bool NameMasked,
    OfferAnswer? Answer,
    double? EtaMinutes,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? ExpectedArrival,
    ArrivalState Arrival,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? CheckedOutAt);
