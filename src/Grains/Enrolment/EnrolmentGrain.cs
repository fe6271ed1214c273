using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Enrolment;

[GrainType("enrolment")]
internal sealed class EnrolmentGrain([PersistentState("enrolment")] IPersistentState<EnrolmentView> state, WallClock time)
    : Grain, IEnrolmentGrain
{
    public async Task<Outcome<EnrolmentView>> Create(VolunteerId volunteer, DateTimeOffset expiresAt)
    {
        if (state.Stored() is { } existing)
            return existing.Volunteer == volunteer && existing.ExpiresAt == expiresAt
                ? existing
                : Refusal.Conflict("enrolment.exists", "This enrolment code is already in use.");
        state.State = new EnrolmentView(volunteer, expiresAt, null, time.GetUtcNow());
        await state.WriteStateAsync();
        return state.State;
    }

    public async Task<Outcome<EnrolmentView>> Redeem()
    {
        if (state.Stored() is not { } enrolment) return Refusal.NotFound("enrolment.not-found", "No such enrolment link.");
        if (enrolment.RedeemedAt is not null)
            return Refusal.Conflict("enrolment.redeemed", "This enrolment link has been used; ask for a new one.");
        var now = time.GetUtcNow();
        if (now >= enrolment.ExpiresAt) return Refusal.Conflict("enrolment.expired", "This enrolment link has expired; ask for a new one.");
        state.State = enrolment with { RedeemedAt = now };
        await state.WriteStateAsync();
        return state.State;
    }
}
