using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Notifications;

[GenerateSerializer, Immutable, Alias("mobilize.notifications.push-subscriptions")]
internal sealed record PushSubscriptions(ImmutableArray<PushSubscription> Items);

[GrainType("push-subscriptions")]
internal sealed class PushSubscriptionsGrain([PersistentState("push-subscriptions")] IPersistentState<PushSubscriptions> state)
    : Grain, IPushSubscriptionsGrain
{
    // In memory on purpose: after a restart at worst one event is pushed twice, which a notification's tag folds into one.
    private long _claimedThrough;

    private ImmutableArray<PushSubscription> Items => state.Stored()?.Items ?? [];

    public async Task<Outcome<PushSubscriptionView>> Subscribe(PushSubscription subscription)
    {
        var existing = Items.FirstOrDefault(s => s.Endpoint == subscription.Endpoint);
        if (existing is not null && existing.P256dh == subscription.P256dh && existing.Auth == subscription.Auth) return View(existing);
        var kept = Items.Where(s => s.Endpoint != subscription.Endpoint).ToList();
        // A volunteer's old phones fall off the end: the newest subscriptions are the phones in their pocket.
        while (kept.Count >= PushSubscription.MaxPerVolunteer) kept.RemoveAt(0);
        kept.Add(subscription);
        state.State = new PushSubscriptions([.. kept]);
        await state.WriteStateAsync();
        return View(subscription);
    }

    public async Task<bool> Unsubscribe(string id)
    {
        if (!Items.Any(s => s.Id == id)) return false;
        state.State = new PushSubscriptions(Items.RemoveAll(s => s.Id == id));
        await state.WriteStateAsync();
        return true;
    }

    public Task<ImmutableArray<PushSubscriptionView>> List() => Task.FromResult<ImmutableArray<PushSubscriptionView>>([.. Items.Select(View)]);

    public Task<ImmutableArray<PushSubscription>> Claim(long sequence)
    {
        if (sequence <= _claimedThrough) return Task.FromResult(ImmutableArray<PushSubscription>.Empty);
        _claimedThrough = sequence;
        return Task.FromResult(Items);
    }

    public async Task Forget(string endpoint)
    {
        if (!Items.Any(s => s.Endpoint == endpoint)) return;
        state.State = new PushSubscriptions(Items.RemoveAll(s => s.Endpoint == endpoint));
        await state.WriteStateAsync();
    }

    private static PushSubscriptionView View(PushSubscription s) => new(s.Id, s.Endpoint, s.SubscribedAt);
}
