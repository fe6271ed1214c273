using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using Mobilize.Api.Infrastructure;

namespace Mobilize.Api.Access;

/// <summary>Every request with a valid token is checked against the revocation list; a revoked token is answered 401
/// with its own problem type, so a client can tell "signed out by an administrator" from "expired".</summary>
public static class RevocationCheck
{
    public static Task OnTokenValidated(TokenValidatedContext context)
    {
        var revocations = context.HttpContext.RequestServices.GetRequiredService<TokenRevocations>();
        if (!revocations.IsLoaded) context.Fail(new NotReadyException());
        else if (revocations.Revokes(TokenFacts.From(context.Principal!))) context.Fail(new TokenRevokedException());
        return Task.CompletedTask;
    }

    public static async Task OnChallenge(JwtBearerChallengeContext context)
    {
        var (status, problem) = context.AuthenticateFailure switch
        {
            TokenRevokedException => (StatusCodes.Status401Unauthorized, new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Type = ProblemTypes.TokenRevoked,
                Title = "This token has been revoked; sign in again.",
            }),
            // Until the list is loaded the server is still starting: the same answer the readiness gate gives.
            NotReadyException => (StatusCodes.Status503ServiceUnavailable, new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemTypes.NotReady,
                Title = "The server is starting; try again shortly.",
            }),
            _ => (0, null),
        };
        if (problem is null) return;
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
            response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The token has been revoked\"";
        else
            response.Headers.RetryAfter = "1";
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
    }

    private sealed class TokenRevokedException() : SecurityTokenException("The token has been revoked.");

    private sealed class NotReadyException() : SecurityTokenException("The revocation list is not loaded yet.");
}
