using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

// Reads for the command console: the team as a unit status board lists it, and who is coming for one offer.
internal sealed partial class TeamGrain
{
    public Task<Outcome<UnitView>> GetUnit()
    {
        if (state.Stored() is not { } s) return Task.FromResult<Outcome<UnitView>>(Missing());
        var now = time.GetUtcNow();
        var facts = TeamFacts.At(Card(s), now);
        var open = s.Offers.Any(h => EffectiveStatus(h) == TeamOfferStatus.Open);
        var status = UnitStatusRule.Of(facts.Status, open, s.Assignment, s.Members.Values);
        return Task.FromResult<Outcome<UnitView>>(new UnitView(Id, s.Registration.Name, s.Registration.Organisation, status, s.Members.Count,
            UnitStatusRule.Capabilities(s.Members.Values, ServiceCalendar.DateOf(now)), s.Assignment?.Incident, s.Assignment?.Exercise ?? false,
            status == UnitStatus.OnCall ? s.OnCallUntil : null, s.RestUntil > now ? s.RestUntil : null, s.Assignment?.Since));
    }

    public Task<Outcome<TeamResponse>> GetResponse(OfferId offer)
    {
        if (state.Stored() is not { } s) return Task.FromResult<Outcome<TeamResponse>>(Missing());
        if (Held(offer) is not { } held)
            return Task.FromResult<Outcome<TeamResponse>>(Refusal.NotFound("offer.not-found", $"Team {Id} holds no offer {offer}."));
        var latest = new Dictionary<VolunteerId, MemberAnswer>();
        foreach (var answer in held.Answers) latest[answer.Volunteer] = answer;
        // Only the assignment for this very offer tells arrivals; an older or another incident's task says nothing here.
        var assignment = s.Assignment?.Offer == offer ? s.Assignment : null;
        var members = s.Members.Keys.OrderBy(v => v.Value, StringComparer.Ordinal).Select(volunteer =>
        {
            var answer = latest.GetValueOrDefault(volunteer);
            var attended = assignment?.Attendance?.FirstOrDefault(a => a.Volunteer == volunteer);
            DateTimeOffset? expected = answer is { Answer: OfferAnswer.Accept, At: { } at } ? at + (answer.Eta ?? TimeSpan.Zero) : null;
            return new MemberResponse(volunteer, answer?.Answer, answer?.Eta, answer?.At, expected,
                UnitStatusRule.Arrival(volunteer, assignment, s.Members.GetValueOrDefault(volunteer)), attended?.CheckedIn, attended?.CheckedOut);
        });
        return Task.FromResult<Outcome<TeamResponse>>(new TeamResponse(Id, s.Registration.Name, offer, EffectiveStatus(held),
            assignment?.Since, [.. members]));
    }
}
