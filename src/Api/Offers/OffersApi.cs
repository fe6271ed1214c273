using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Offers;

public static class OffersApi
{
    // GET  /api/teams/{teamId}/offers                     offers the team holds or held, newest first
    // POST /api/teams/{teamId}/offers/{offerId}/answers   a member accepts (with an ETA) or declines
    // POST /api/teams/{teamId}/offers/{offerId}/muster    the leader musters the team with whoever accepted
    public static IEndpointRouteBuilder MapOffersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teams/{teamId}/offers").WithTags("Offers").RequireAuthorization();
        var team = Target.Route<TeamId>("teamId");
        api.MapGet("/", GetOffers).Allow(Members(team), Commanders(team), Observers(team));
        // Only the volunteer answers for themself; the team grain checks they are a member.
        api.MapPost("/{offerId}/answers", AnswerOffer).Allow(Self(Target.Body<AnswerRequest, VolunteerId>("volunteerId", r => r.VolunteerId)));
        api.MapPost("/{offerId}/muster", ConfirmMuster).Allow(Leader(team), Commanders(team));
        return app;
    }

    public static async Task<Ok<ImmutableArray<OfferView>>> GetOffers(TeamId teamId, IGrainFactory grains) =>
        TypedResults.Ok((await grains.Team(teamId).GetOffers()).Select(OfferView.Of).ToImmutableArray());

    public static async Task<Results<Ok<OfferView>, ValidationProblem, ProblemHttpResult>> AnswerOffer(
        TeamId teamId, OfferId offerId, AnswerRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var volunteer = errors.Required(request.VolunteerId, "volunteerId");
        var answer = errors.Required(request.Answer, "answer");
        if (request.EtaMinutes is { } eta && !(eta is >= 0 and <= 24 * 60))
            errors.Add("etaMinutes", "must be between 0 and 1440 minutes");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var outcome = await grains.Team(teamId).Answer(offerId,
            new MemberAnswer(volunteer, answer, request.EtaMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null));
        return outcome.Value is { } view ? TypedResults.Ok(OfferView.Of(view)) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<Ok<OfferView>, ValidationProblem, ProblemHttpResult>> ConfirmMuster(
        TeamId teamId, OfferId offerId, MusterRequest request, IGrainFactory grains)
    {
        var errors = new RequestErrors();
        var leader = errors.Required(request.LeaderId, "leaderId");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        var outcome = await grains.Team(teamId).ConfirmMuster(offerId, leader);
        return outcome.Value is { } view ? TypedResults.Ok(OfferView.Of(view)) : outcome.Refusal!.ToProblem();
    }
}

/// <param name="VolunteerId">Who answers; taken from the signed-in caller once roles arrive.</param>
/// <param name="EtaMinutes">When accepting: how long until the volunteer expects to arrive.</param>
public sealed record AnswerRequest([property: Required] VolunteerId? VolunteerId, [property: Required] OfferAnswer? Answer, double? EtaMinutes);

public sealed record MusterRequest([property: Required] VolunteerId? LeaderId);

/// <summary>An offer as the team holds it, arrival times in minutes as members give them (<c>etaMinutes</c>).</summary>
public sealed record OfferView(TeamOffer Offer, TeamOfferStatus Status, ImmutableArray<AnswerView> Answers, MusterView Muster,
    AnswerRejection? IncidentRefusal)
{
    public static OfferView Of(TeamOfferView view) => new(view.Offer, view.Status,
        [.. view.Answers.Select(a => new AnswerView(a.Volunteer, a.Answer, Minutes(a.Eta)))],
        new MusterView(view.Muster.Outcome, view.Muster.Accepted, view.Muster.Declined, Minutes(view.Muster.EtaOfMinimum)),
        view.IncidentRefusal);

    internal static double? Minutes(TimeSpan? span) => span is { } value ? Math.Round(value.TotalMinutes, 1) : null;
}

public sealed record AnswerView(VolunteerId Volunteer, OfferAnswer Answer, double? EtaMinutes);

/// <param name="EtaOfMinimumMinutes">When the minimum-th accepting member expects to arrive: when the team can start.</param>
public sealed record MusterView(MusterOutcome Outcome, int Accepted, int Declined, double? EtaOfMinimumMinutes);
