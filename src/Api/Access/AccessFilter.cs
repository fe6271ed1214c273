using Mobilize.Api.Infrastructure;

namespace Mobilize.Api.Access;

/// <summary>The access decision an endpoint carries: who, besides administrators, may call it. Every /api endpoint has
/// one or is explicitly anonymous; a test walks the endpoints and fails on any without.</summary>
public sealed record AccessPolicy(string Description);

public static class AccessFilter
{
    /// <summary>Administrators, and callers for whom one of <paramref name="rules"/> holds; everyone else gets 403.</summary>
    public static RouteHandlerBuilder Allow(this RouteHandlerBuilder builder, params Rule[] rules)
    {
        builder.RequireAuthorization(Policies.SignedIn);
        builder.WithMetadata(new AccessPolicy(string.Join("; ", ["administrators", .. rules.Select(r => r.Description)])));
        builder.AddEndpointFilter(async (context, next) =>
            await IsAllowed(context, rules) ? await next(context) : Forbidden(context.HttpContext));
        return builder;
    }

    /// <summary>Administrators only.</summary>
    public static RouteHandlerBuilder AllowAdministrators(this RouteHandlerBuilder builder) => builder.Allow();

    /// <summary>Administrators only, decided by the authorization middleware rather than an endpoint filter: for endpoints
    /// that are not route handlers (the Prometheus scrape is a middleware pipeline, where filters never run) and for a
    /// group another library maps (the Orleans dashboard), so no endpoint under it can be left out.</summary>
    public static TBuilder AllowAdministratorsByPolicy<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policies.Administrator).WithMetadata(new AccessPolicy("administrators"));

    /// <summary>No token needed (health, enrolment redemption); said explicitly so the endpoint walk sees a decision.</summary>
    public static RouteHandlerBuilder AllowAnyone(this RouteHandlerBuilder builder) =>
        builder.AllowAnonymous().WithMetadata(new AccessPolicy("anyone"));

    private static async Task<bool> IsAllowed(EndpointFilterInvocationContext context, Rule[] rules)
    {
        if (Caller.From(context.HttpContext.User) is not { } caller) return false;
        if (caller.IsAdministrator) return true;
        var scopes = context.HttpContext.RequestServices.GetRequiredService<AccessScopes>();
        foreach (var rule in rules)
            if (await Holds(rule, context, caller, scopes))
                return true;
        return false;
    }

    private static async Task<bool> Holds(Rule rule, EndpointFilterInvocationContext context, Caller caller, AccessScopes scopes) =>
        await HoldsOnTarget(rule, context, caller, scopes) && (rule.Also is null || await Holds(rule.Also, context, caller, scopes));

    private static async Task<bool> HoldsOnTarget(Rule rule, EndpointFilterInvocationContext context, Caller caller, AccessScopes scopes)
    {
        if (rule.Target is null) return await rule.Holds(caller, null, scopes);
        // A request that does not name its target is refused by the handler as a missing field, changing nothing.
        if (rule.Target.Pick(context) is not { } resources) return rule.Target.AbsentIsRefusedByHandler;
        foreach (var resource in resources)
            if (!await rule.Holds(caller, resource, scopes))
                return false;
        return true;
    }

    private static IResult Forbidden(HttpContext context) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        type: ProblemTypes.Forbidden,
        title: "Your role does not allow this here.",
        detail: $"Allowed: {context.GetEndpoint()?.Metadata.GetMetadata<AccessPolicy>()?.Description}.");
}
