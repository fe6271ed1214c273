using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;
using Mobilize.Api.Access;
using Mobilize.Api.Infrastructure;
using Mobilize.Grains;
using Mobilize.Grains.Notifications;
using Mobilize.Grains.Shared;
using static Mobilize.Api.Access.Rule;

namespace Mobilize.Api.Push;

public static class PushSubscriptionsApi
{
    // GET    /api/volunteers/{id}/push-subscriptions                   the server's VAPID public key and the phones subscribed
    // POST   /api/volunteers/{id}/push-subscriptions                   subscribe a phone (the same one again renews it)
    // DELETE /api/volunteers/{id}/push-subscriptions/{subscriptionId}  unsubscribe one (gone already: the same answer)
    public static IEndpointRouteBuilder MapPushSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/volunteers/{id}/push-subscriptions").WithTags("Push").RequireAuthorization();
        // Only the volunteer: a subscription is a way to reach their phone, and no one else's business.
        var volunteer = Self(Target.Route<VolunteerId>("id"));
        api.MapGet("/", List).Allow(volunteer);
        api.MapPost("/", Subscribe).Allow(volunteer);
        api.MapDelete("/{subscriptionId}", Unsubscribe).Allow(volunteer);
        return app;
    }

    public static async Task<Results<Ok<PushSubscriptionsView>, ProblemHttpResult>> List(VolunteerId id, IGrainFactory grains, VapidKeys keys)
    {
        if (await Missing(id, grains) is { } missing) return missing;
        return TypedResults.Ok(new PushSubscriptionsView(keys.PublicKey, await grains.PushSubscriptions(id).List()));
    }

    public static async Task<Results<Ok<PushSubscriptionView>, ValidationProblem, ProblemHttpResult>> Subscribe(
        VolunteerId id, PushSubscriptionRequest request, IGrainFactory grains, IOptions<PushOptions> options, TimeProvider time)
    {
        var errors = new RequestErrors();
        var endpoint = errors.Required(request.Endpoint, "endpoint");
        string p256dh = "", auth = "";
        if (request.Keys is null) errors.Add("keys", "is required");
        else (p256dh, auth) = (errors.Required(request.Keys.P256dh, "keys.p256dh"), errors.Required(request.Keys.Auth, "keys.auth"));
        var subscription = new PushSubscription(endpoint, p256dh, auth, time.GetUtcNow());
        errors.AlsoDomain(() => subscription.Validate(options.Value.AllowPlainHttpLoopback));
        if (errors.IsEmpty) errors.AddRange(subscription.Validate(options.Value.AllowPlainHttpLoopback));
        if (!errors.IsEmpty) return Problems.Validation(errors.ToImmutable());
        if (await Missing(id, grains) is { } missing) return missing;
        var outcome = await grains.PushSubscriptions(id).Subscribe(subscription);
        return outcome.Value is { } view ? TypedResults.Ok(view) : outcome.Refusal!.ToProblem();
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Unsubscribe(
        VolunteerId id, [MaxLength(16)] string subscriptionId, IGrainFactory grains)
    {
        if (subscriptionId.Length != 16 || !subscriptionId.All(char.IsAsciiHexDigitLower))
            return Problems.Validation([new FieldError("subscriptionId", "must be the 16 hexadecimal digits the subscription was given")]);
        if (await Missing(id, grains) is { } missing) return missing;
        // Removing what is already gone is the same success: a phone that retries after losing the answer is done too.
        await grains.PushSubscriptions(id).Unsubscribe(subscriptionId);
        return TypedResults.NoContent();
    }

    private static async Task<ProblemHttpResult?> Missing(VolunteerId id, IGrainFactory grains)
    {
        var status = await grains.Volunteer(id).GetStatus();
        return status.Refusal?.ToProblem();
    }
}

/// <summary>What a browser's <c>PushSubscription</c> gives: its push service endpoint and its keys.</summary>
public sealed record PushSubscriptionRequest(
    [property: Required] [property: MaxLength(PushSubscription.MaxEndpointLength)] string? Endpoint,
    [property: Required] PushKeysRequest? Keys);

public sealed record PushKeysRequest([property: Required] [property: MaxLength(128)] string? P256dh, [property: Required] [property: MaxLength(128)] string? Auth);

/// <param name="VapidPublicKey">The application server key a phone subscribes with (base64url).</param>
public sealed record PushSubscriptionsView(string VapidPublicKey, ImmutableArray<PushSubscriptionView> Subscriptions);
