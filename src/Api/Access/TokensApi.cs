using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Access;

public static class TokensApi
{
    public const int MaxLifetimeMinutes = 60 * 24 * 30;

    // POST /api/tokens   an administrator mints a token for a role (the local issuer only)
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tokens").WithTags("Access").RequireAuthorization(Policies.Administrator);
        api.MapPost("/", MintToken).AllowAdministrators();
        return app.MapRevocationsApi();
    }

    /// <summary>A token minted for a role rather than a person still gets a subject of its own
    /// (<c>commander:bj-chaoyang:5f0c2a9e</c>), so two such tokens share neither a rate-limit budget nor a name in the
    /// audit log, and one can be revoked by subject without the other. A volunteer's tokens keep the volunteer's
    /// subject: they are one person, and revoking it signs that person out everywhere.</summary>
    private static string? OwnSubject(TokenGrant grant) => grant.Role is Roles.Volunteer or Roles.TeamLeader
        ? null
        : $"{grant.SubjectOrDefault}:{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    private static bool IsSubject(string subject) =>
        subject.Length is > 0 and <= 64 && subject.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@');

    /// <summary>The answer where the local issuer would act but an external one is trusted instead.</summary>
    internal static ProblemHttpResult ExternalIssuer() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.ExternalIssuer,
            title: "Sign-in comes from the external issuer this server trusts (Auth:Authority).");

    public static async Task<Results<Created<IssuedToken>, ValidationProblem, ProblemHttpResult>> MintToken(
        TokenRequest request, IGrainFactory grains, TokenIssuer issuer, Microsoft.Extensions.Options.IOptions<AuthOptions> auth)
    {
        if (auth.Value.UsesExternalIssuer) return ExternalIssuer();
        var errors = new RequestErrors();
        var role = errors.Required(request.Role, "role");
        if (request.Role is not null && !Roles.IsKnown(role)) errors.Add("role", $"must be one of {string.Join(", ", Roles.All)}");
        if (request.LifetimeMinutes is { } minutes && minutes is < 1 or > MaxLifetimeMinutes)
            errors.Add("lifetimeMinutes", $"must be between 1 and {MaxLifetimeMinutes}");
        if (role is Roles.Commander or Roles.Observer) errors.Required(request.OrganisationId, "organisationId");
        if (role is Roles.Volunteer or Roles.TeamLeader) errors.Required(request.VolunteerId, "volunteerId");
        if (role is Roles.TeamLeader) errors.Required(request.TeamId, "teamId");
        if (request.Subject is { } subject && !IsSubject(subject))
            errors.Add("subject", "must be 1 to 64 letters, digits or '-', '_', '.', ':', '@'");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        // Only the ids the role is scoped by go into the token, each checked to exist.
        var grant = role switch
        {
            Roles.Commander or Roles.Observer => new TokenGrant(role, Organisation: request.OrganisationId),
            Roles.Volunteer => new TokenGrant(role, Volunteer: request.VolunteerId),
            Roles.TeamLeader => new TokenGrant(role, Volunteer: request.VolunteerId, Team: request.TeamId),
            _ => TokenGrant.Administrator,
        };
        grant = grant with { Subject = request.Subject ?? OwnSubject(grant) };
        if (grant.Organisation is { } organisation && (await grains.Organisation(organisation).Get()).Refusal is { } noOrganisation)
            return noOrganisation.ToProblem();
        if (grant.Volunteer is { } volunteer && (await grains.Volunteer(volunteer).GetStatus()).Refusal is { } noVolunteer)
            return noVolunteer.ToProblem();
        if (grant.Team is { } teamId)
        {
            var team = await grains.Team(teamId).Get();
            if (team.Refusal is { } noTeam) return noTeam.ToProblem();
            if (team.Value!.Leader != grant.Volunteer)
                return Problems.Validation([new FieldError("volunteerId", "must be the leader of the team")]);
        }
        var token = issuer.Issue(grant, request.LifetimeMinutes is { } m ? TimeSpan.FromMinutes(m) : null);
        return TypedResults.Created((string?)null, token);
    }
}

/// <param name="Role">administrator, commander, team-leader, volunteer or observer.</param>
/// <param name="OrganisationId">A commander's or observer's jurisdiction.</param>
/// <param name="VolunteerId">Who a volunteer or team leader is.</param>
/// <param name="TeamId">The team a team leader leads.</param>
/// <param name="Subject">Who the token is for (the <c>sub</c> claim: audit log, rate limit); by default the role and its id.</param>
public sealed record TokenRequest([property: Required] [property: MaxLength(32)] string? Role, VolunteerId? VolunteerId, OrganisationId? OrganisationId, TeamId? TeamId, int? LifetimeMinutes,
    [property: MaxLength(64)] string? Subject = null);
