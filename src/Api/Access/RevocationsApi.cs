using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Audit;
using Mobilize.Grains.Revocation;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Access;

public static class RevocationsApi
{
    public const string TokenRevokedAction = "token.revoked";
    public const string SubjectRevokedAction = "subject.revoked";
    public const int MaxReasonLength = 500;

    // POST /api/tokens/revocations   an administrator revokes one token (tokenId = its jti) or every token of a subject
    // GET  /api/tokens/revocations   the revocations in force
    public static IEndpointRouteBuilder MapRevocationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tokens/revocations").WithTags("Access").RequireAuthorization(Policies.Administrator);
        api.MapPost("/", Revoke).AllowAdministrators();
        api.MapGet("/", List).AllowAdministrators();
        return app;
    }

    public static async Task<Results<Created<RevocationView>, ValidationProblem>> Revoke(
        RevocationRequest request, ClaimsPrincipal user, TokenRevocations revocations, IGrainFactory grains, WallClock time)
    {
        var errors = new RequestErrors();
        if (request.TokenId is null == request.Subject is null)
            errors.Add(request.TokenId is null ? "tokenId" : "subject", "give either tokenId (one token) or subject (all their tokens), not both");
        if (request.TokenId is { } id && !IsPrintable(id, 128)) errors.Add("tokenId", "must be 1 to 128 printable characters without spaces");
        if (request.Subject is { } subject && !IsPrintable(subject, 256)) errors.Add("subject", "must be 1 to 256 printable characters without spaces");
        var reason = errors.Required(request.Reason, "reason").Trim();
        if (request.Reason is not null && reason.Length is 0 or > MaxReasonLength)
            errors.Add("reason", $"must say why in 1 to {MaxReasonLength} characters");
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());

        var caller = Caller.From(user)!;
        var now = time.GetUtcNow();
        // In the audit log before it takes effect, as every act on someone's access must be.
        await grains.AuditLog(AuditDays.Of(now)).Append(new AuditEntry(now, caller.Subject, caller.Role,
            request.TokenId is null ? SubjectRevokedAction : TokenRevokedAction, request.TokenId ?? request.Subject!, reason));
        var view = request.TokenId is { } tokenId
            ? RevocationView.Of(await revocations.RevokeToken(tokenId, caller, reason))
            : RevocationView.Of(await revocations.RevokeSubject(request.Subject!, caller, reason));
        return TypedResults.Created((string?)null, view);
    }

    public static async Task<Ok<ImmutableArray<RevocationView>>> List(IGrainFactory grains)
    {
        var list = await grains.Revocations().Get();
        return TypedResults.Ok(list.Tokens.Values.Select(RevocationView.Of).Concat(list.Subjects.Values.Select(RevocationView.Of))
            .OrderBy(r => r.RevokedAt).ToImmutableArray());
    }

    private static bool IsPrintable(string value, int maxLength) =>
        value.Length > 0 && value.Length <= maxLength && value.All(c => c > ' ' && c < 0x7f);
}

/// <param name="TokenId">The one token revoked (its <c>jti</c>).</param>
/// <param name="Subject">Whose tokens are all revoked (their <c>sub</c>).</param>
/// <param name="Reason">Why, as the administrator said: "phone lost", "left the organisation".</param>
public sealed record RevocationRequest([property: MaxLength(128)] string? TokenId, [property: MaxLength(256)] string? Subject, [property: Required] [property: MaxLength(RevocationsApi.MaxReasonLength)] string? Reason);

/// <param name="IssuedUpTo">For a subject: tokens issued at or before this second are refused; newer ones work.</param>
public sealed record RevocationView(string? TokenId, string? Subject, DateTimeOffset? IssuedUpTo, DateTimeOffset RevokedAt, string Who, string Reason)
{
    public static RevocationView Of(TokenRevocation r) => new(r.TokenId, null, null, r.RevokedAt, r.Who, r.Reason);

    public static RevocationView Of(SubjectRevocation r) => new(null, r.Subject, r.IssuedUpTo, r.RevokedAt, r.Who, r.Reason);
}
