using Mobilize.Grains.Registry;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

// Facts teams report that the decider does not act on but the after-action report needs.
internal sealed partial class IncidentGrain
{
    public async Task NoteMemberAnswer(OfferId offer, TeamId team, VolunteerId volunteer, OfferAnswer answer, DateTimeOffset at)
    {
        // Only answers to an open offer count: a team that has not yet heard of a withdrawal must not skew the clocks.
        if (state.Stored() is not { } s || s.Recruitment.Offers.GetValueOrDefault(offer) is not { IsPending: true } known || known.Team != team) return;
        var entry = new TimelineEntry(at, IncidentTimelineKinds.MemberAnswered, known.RequirementKey, team, offer,
            $"{volunteer.Value} {answer.ToString().ToLowerInvariant()}");
        await Apply(new RecruitmentStep(s.Recruitment with { Timeline = s.Recruitment.Timeline.Add(entry) }, []));
    }

    public async Task NoteTeamCalledAway(TeamId team, IncidentId realIncident)
    {
        if (state.Stored() is not { } s || !s.Recruitment.Assignments.TryGetValue(team, out var requirement)) return;
        if (s.Recruitment.Timeline.Any(e => e.Kind == IncidentTimelineKinds.TeamCalledAway && e.Team == team)) return;
        var entry = new TimelineEntry(time.GetUtcNow(), IncidentTimelineKinds.TeamCalledAway, requirement, team, Detail: realIncident.Value);
        await Apply(new RecruitmentStep(s.Recruitment with { Timeline = s.Recruitment.Timeline.Add(entry) }, []));
    }
}
