using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Mobilize.Api.Access;

namespace Mobilize.Api.Operations;

/// <summary>How a browser reaches the Orleans dashboard: its page and the calls its script makes cannot carry a bearer
/// header, so an administrator's page hands its token over once and gets it back as a cookie only <c>/orleans</c> sees.
/// The cookie is the token itself, so the bearer handler checks it exactly as it checks a header (signature, lifetime,
/// revocation, role) and there is no second kind of session to expire or revoke.</summary>
public static class DashboardSession
{
    public const string CookieName = "mobilize.orleans";

    // POST /api/operations/dashboard-session   an administrator's token becomes the /orleans cookie, for as long as it lives
    public static IEndpointRouteBuilder MapDashboardSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/operations").WithTags("Operations").RequireAuthorization(Policies.Administrator);
        api.MapPost("/dashboard-session", Open).AllowAdministrators();
        return app;
    }

    public static NoContent Open(HttpContext context)
    {
        // Under /api the bearer handler reads only the Authorization header, so an authorised call always has one.
        var token = BearerToken(context.Request) ?? throw new InvalidOperationException("An authorised /api call without a bearer header.");
        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            Path = OperationsExtensions.DashboardPath,
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            // The dashboard only reads, and no other site can make a browser send the cookie along.
            SameSite = SameSiteMode.Strict,
            Expires = TokenFacts.From(context.User).ExpiresAt,
        });
        return TypedResults.NoContent();
    }

    /// <summary>Lets the bearer handler take the token from the cookie on reads under <c>/orleans</c> that carry no
    /// Authorization header; a header, when present, always wins.</summary>
    internal static void ReadCookie(JwtBearerOptions bearer)
    {
        var inner = bearer.Events.OnMessageReceived;
        bearer.Events.OnMessageReceived = async context =>
        {
            await inner(context);
            var request = context.Request;
            if (context.Token is null
                && request.Headers.Authorization.Count == 0
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && request.Path.StartsWithSegments(OperationsExtensions.DashboardPath)
                && request.Cookies[CookieName] is { Length: > 0 } token)
                context.Token = token;
        };
    }

    private static string? BearerToken(HttpRequest request)
    {
        const string scheme = "Bearer ";
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header[scheme.Length..].Trim() is { Length: > 0 } token
            ? token
            : null;
    }
}
