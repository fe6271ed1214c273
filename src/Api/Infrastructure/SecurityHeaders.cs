namespace Mobilize.Api.Infrastructure;

/// <summary>Headers every answer carries, set as the answer starts so that errors, problem documents, 401s, 429s and
/// static files get them too. The pages keep a bearer token in <c>localStorage</c>, where any script that runs in
/// their origin can read it: hence scripts only from the server's own files, no framing, no referrer.</summary>
public static class SecurityHeaders
{
    /// <summary>Scripts only from this origin's files (no inline script, no eval); styles may be inline, which the
    /// pages' markup and Leaflet use and which cannot read storage. The map draws its districts from <c>/geo</c>, so no
    /// tile server is needed; the hubs' WebSockets are this origin too.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = ContentSecurityPolicy;
            // Only what says it may be kept is kept (the pages' files, see StaticFileCaching); everything else answers
            // someone: personal data unmasked, precise positions, tokens, a report made for one caller.
            if (!headers.ContainsKey("Cache-Control")) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>The pages' own files are the same for everyone and hold no token: a browser may keep them, asking
    /// again each time (ETag) so a new release is seen at once.</summary>
    public static void StaticFileCaching(Microsoft.AspNetCore.StaticFiles.StaticFileResponseContext file) =>
        file.Context.Response.Headers.CacheControl = "no-cache";
}
