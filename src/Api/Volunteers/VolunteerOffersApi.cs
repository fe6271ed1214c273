using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Api.Offers;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Volunteers;

public static class VolunteerOffersApi
{
    // GET /api/volunteers/{id}/offers   the offers of the volunteer's teams as their phone's cards show them, newest first
    public static IEndpointRouteBuilder MapVolunteerOffersApi(this IEndpointRouteBuilder app)
    {
        var volunteer = Target.Route<VolunteerId>("id");
        app.MapGroup("/api/volunteers").WithTags("Volunteers").RequireAuthorization()
            .MapGet("/{id}/offers", GetOffers).Allow(Self(volunteer));
        return app;
    }

    /// <remarks>The distance is measured from the volunteer's last reported position (else their team's base) and is
    /// given only to the volunteer: the position itself never leaves.</remarks>
    public static async Task<Results<Ok<ImmutableArray<VolunteerOfferView>>, ProblemHttpResult>> GetOffers(VolunteerId id, IGrainFactory grains)
    {
        var volunteer = grains.Volunteer(id);
        var profile = await volunteer.GetProfile(revealPersonalData: false);
        if (profile.Value is not { } me) return profile.Refusal!.ToProblem();
        var status = (await volunteer.GetStatus()).Value;
        var cards = new List<VolunteerOfferView>();
        foreach (var teamId in me.Teams)
        {
            var team = grains.Team(teamId);
            if ((await team.Get()).Value is not { } view) continue;
            foreach (var offer in await team.GetOffers())
            {
                var distance = OfferBriefing.Distance(offer.Offer.Place, status?.Location, view.BaseLocation);
                cards.Add(new VolunteerOfferView(teamId, view.Name, OfferView.Of(offer), distance.DistanceMeters, distance.From, distance.SuggestedEtaMinutes));
            }
        }
        return TypedResults.Ok(cards.OrderByDescending(c => c.Offer.Offer.SentAt).ToImmutableArray());
    }
}

/// <summary>One offer card: the offer as the team holds it (with the incident's type, place and district, severity and
/// note), which team it came through, and how far the place is from the volunteer.</summary>
/// <param name="DistanceFrom">Where <paramref name="DistanceMeters"/> is measured from.</param>
/// <param name="SuggestedEtaMinutes">The arrival time one tap on accept proposes.</param>
public sealed record VolunteerOfferView(TeamId Team, string TeamName, OfferView Offer, double DistanceMeters, DistanceOrigin DistanceFrom, int SuggestedEtaMinutes);
