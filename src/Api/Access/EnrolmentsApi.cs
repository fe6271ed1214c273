using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Enrolment;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Access;

public static class EnrolmentsApi
{
    public const int MaxLifetimeMinutes = 60 * 24 * 30;
    public const int DefaultLifetimeMinutes = 60 * 24 * 3;

    // POST /api/enrolments                      a one-time sign-in link for a registered volunteer
    // POST /api/enrolments/{code}/redemption    the volunteer's phone trades the code for its token, once (anonymous)
    public static IEndpointRouteBuilder MapEnrolmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/enrolments").WithTags("Access");
        // Administrators, or a commander whose jurisdiction holds one of the volunteer's teams.
        api.MapPost("/", CreateEnrolment).Allow(Commanders(Target.Body<EnrolmentRequest, VolunteerId>("volunteerId", r => r.VolunteerId)));
        api.MapPost("/{code}/redemption", RedeemEnrolment).AllowAnyone();
        return app;
    }

    public static async Task<Results<Created<EnrolmentLink>, ValidationProblem, ProblemHttpResult>> CreateEnrolment(
        EnrolmentRequest request, IGrainFactory grains, WallClock time, IOptions<AuthOptions> auth, HttpRequest http)
    {
        if (auth.Value.UsesExternalIssuer) return TokensApi.ExternalIssuer();
        var errors = new RequestErrors();
        var volunteer = errors.Required(request.VolunteerId, "volunteerId");
        if (request.LifetimeMinutes is { } minutes && minutes is < 1 or > MaxLifetimeMinutes)
            errors.Add("lifetimeMinutes", $"must be between 1 and {MaxLifetimeMinutes}");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        if ((await grains.Volunteer(volunteer).GetStatus()).Refusal is { } unknown) return unknown.ToProblem();

        var code = EnrolmentKeys.NewCode();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + TimeSpan.FromMinutes(request.LifetimeMinutes ?? DefaultLifetimeMinutes)).ToUnixTimeSeconds());
        var outcome = await grains.Enrolment(code).Create(volunteer, expiresAt);
        if (outcome.Value is not { } created) return outcome.Refusal!.ToProblem();
        // The code is given only here, to whoever may make the link: so its QR code comes with it, never by the code alone.
        var link = $"/volunteer/#enrol={code}";
        var url = $"{http.Scheme}://{http.Host}{http.PathBase}{link}";
        return TypedResults.Created((string?)null, new EnrolmentLink(code, link, created.ExpiresAt, volunteer, url, EnrolmentQr.Svg(url, $"Enrolment link for {volunteer}")));
    }

    /// <remarks>A link made before the volunteer was signed out everywhere (a revocation of <c>volunteer:&lt;id&gt;</c> or
    /// <c>team-leader:&lt;id&gt;</c>) is refused like a token issued before it, and used up: otherwise a link still in a
    /// message would sign the revoked person back in.</remarks>
    public static async Task<Results<Ok<EnrolmentRedeemed>, ProblemHttpResult>> RedeemEnrolment(
        string code, IGrainFactory grains, TokenIssuer issuer, TokenRevocations revocations, IOptions<AuthOptions> auth)
    {
        if (auth.Value.UsesExternalIssuer) return TokensApi.ExternalIssuer();
        if (code.Length > 64) return Refusal.NotFound("enrolment.not-found", "No such enrolment link.").ToProblem();
        var outcome = await grains.Enrolment(code).Redeem();
        if (outcome.Value is not { } enrolment) return outcome.Refusal!.ToProblem();
        if (revocations.Current.Revokes(null, null, enrolment.Volunteer.Value, enrolment.CreatedAt))
            return Refusal.Conflict("enrolment.revoked", "The volunteer's access was revoked after this link was made; ask for a new one.").ToProblem();
        var token = issuer.Issue(new TokenGrant(Roles.Volunteer, Volunteer: enrolment.Volunteer));
        return TypedResults.Ok(new EnrolmentRedeemed(token.Token, token.ExpiresAt, enrolment.Volunteer));
    }
}

/// <param name="LifetimeMinutes">How long the link may be redeemed; three days when not given.</param>
public sealed record EnrolmentRequest([property: Required] VolunteerId? VolunteerId, int? LifetimeMinutes);

/// <param name="Link">The volunteer app's address with the code in its fragment; prefix the server's own address.</param>
/// <param name="Url">The link with the address the request came to, as the QR code holds it.</param>
/// <param name="QrSvg">The QR code of <paramref name="Url"/>, an SVG document to show or print for the volunteer.</param>
public sealed record EnrolmentLink(string Code, string Link, DateTimeOffset ExpiresAt, VolunteerId VolunteerId, string Url, string QrSvg);

public sealed record EnrolmentRedeemed(string Token, DateTimeOffset ExpiresAt, VolunteerId VolunteerId);
