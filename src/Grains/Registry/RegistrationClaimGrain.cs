using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

[GenerateSerializer, Immutable, Alias("mobilize.registry.claim-state")]
internal sealed record ClaimState(VolunteerId? Owner);

[GrainType("registration-claim")]
internal sealed class RegistrationClaimGrain([PersistentState("claim")] IPersistentState<ClaimState> state) : Grain, IRegistrationClaimGrain
{
    public async Task<VolunteerId> Claim(VolunteerId volunteer)
    {
        if (state.Stored()?.Owner is { } owner) return owner;
        state.State = new ClaimState(volunteer);
        await state.WriteStateAsync();
        return volunteer;
    }

    public Task<VolunteerId?> Owner() => Task.FromResult(state.Stored()?.Owner);

    public async Task Release(VolunteerId volunteer)
    {
        if (state.Stored()?.Owner != volunteer) return;
        await state.ClearStateAsync();
    }
}
