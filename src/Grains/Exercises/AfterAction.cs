using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Exercises;

/// <summary>Computes the after-action report from the incidents' own records; it has no clock of its own.</summary>
public static class AfterAction
{
    public static AfterActionReport Compute(AfterActionFacts facts)
    {
        var incidents = facts.Incidents.Select((f, i) => (Ordinal: i + 1, Facts: f)).ToList();
        var responses = incidents.SelectMany(i => Responses(i.Ordinal, i.Facts)).ToImmutableArray();
        var e = facts.Exercise;
        return new AfterActionReport(
            ExerciseMarking.Label,
            new ExerciseHeader(e.Name, e.Organisation, e.TakesVolunteersFromRealDuty, e.Note, e.Status, e.StartedAt, e.EndedAt),
            [.. incidents.Select(i => new ReportIncident(i.Ordinal, i.Facts.Summary.Id, i.Facts.Summary.IncidentType, i.Facts.Summary.Severity,
                i.Facts.Summary.Status, i.Facts.Summary.CreatedAt))],
            Clocks(responses),
            [.. incidents.SelectMany(i => Requirements(i.Ordinal, i.Facts, responses))],
            [.. responses.GroupBy(r => r.Team).OrderBy(g => g.Key.Value, StringComparer.Ordinal)
                .Select(g => new TeamReport(g.Key, g.Count(), g.Count(r => r.MusteredAt is not null), Clocks(g)))],
            responses,
            DeclinesAndTimeouts(incidents.Select(i => i.Facts), responses),
            [.. incidents.SelectMany(i => NeverReached(i.Ordinal, i.Facts, responses))],
            [.. responses.Where(r => r.CalledAwayTo is not null).Select(r => CalledAwayOf(r, incidents[r.Incident - 1].Facts))]);
    }

    private static IEnumerable<TeamResponse> Responses(int ordinal, IncidentFacts facts)
    {
        foreach (var offer in facts.Summary.Offers.OrderBy(o => o.Sequence))
        {
            var answered = facts.Timeline.FirstOrDefault(t => t.Kind == IncidentTimelineKinds.MemberAnswered && t.Offer == offer.Id)?.At;
            DateTimeOffset? mustered = offer.Status == OfferStatus.Accepted ? offer.ClosedAt : null;
            var arrived = mustered is null ? null : facts.Timeline
                .FirstOrDefault(t => t.Kind == IncidentTimelineKinds.MemberArrived && t.Team == offer.Team && t.At >= mustered)?.At;
            var calledAway = mustered is null ? null : facts.Timeline
                .FirstOrDefault(t => t.Kind == IncidentTimelineKinds.TeamCalledAway && t.Team == offer.Team)?.Detail;
            yield return new TeamResponse(ordinal, offer.RequirementKey, offer.Team, offer.Wave, ResponseOutcomes.Of(offer),
                offer.SentAt, answered, mustered, arrived,
                AfterActionStats.Seconds(offer.SentAt, answered),
                AfterActionStats.Seconds(answered, mustered),
                AfterActionStats.Seconds(mustered, arrived),
                calledAway is null ? null : IncidentId.Create(calledAway));
        }
    }

    private static ClockSet Clocks(IEnumerable<TeamResponse> responses)
    {
        var list = responses.ToList();
        return new ClockSet(
            AfterActionStats.Of(list.Select(r => r.AlertToAnswerSeconds)),
            AfterActionStats.Of(list.Select(r => r.AnswerToMusterSeconds)),
            AfterActionStats.Of(list.Select(r => r.MusterToArrivalSeconds)));
    }

    private static IEnumerable<RequirementReport> Requirements(int ordinal, IncidentFacts facts, ImmutableArray<TeamResponse> responses)
    {
        foreach (var requirement in facts.Summary.Requirements)
        {
            var filledAt = facts.Timeline.LastOrDefault(t => t.Kind == TimelineKinds.RequirementFilled && t.RequirementKey == requirement.Key)?.At;
            var rate = requirement.TeamsNeeded == 0 ? 1 : Math.Min(1, (double)requirement.TeamsFilled / requirement.TeamsNeeded);
            yield return new RequirementReport(ordinal, requirement.Key, requirement.Capability, requirement.TeamsNeeded, requirement.TeamsFilled,
                Math.Round(rate, 4), AfterActionStats.Seconds(facts.Summary.CreatedAt, filledAt),
                Clocks(responses.Where(r => r.Incident == ordinal && r.RequirementKey == requirement.Key)));
        }
    }

    private static ImmutableArray<ReasonCount> DeclinesAndTimeouts(IEnumerable<IncidentFacts> incidents, ImmutableArray<TeamResponse> responses)
    {
        var reasons = responses.Where(r => r.Outcome is not (ResponseOutcomes.Accepted or ResponseOutcomes.Pending)).Select(r => r.Outcome)
            .Concat(responses.Where(r => r.CalledAwayTo is not null).Select(_ => ResponseOutcomes.CalledAway))
            .Concat(incidents.SelectMany(i => i.Timeline)
                .Where(t => t.Kind == IncidentTimelineKinds.MemberAnswered && t.Detail?.EndsWith(" decline", StringComparison.Ordinal) == true)
                .Select(_ => ResponseOutcomes.MemberDeclined));
        return [.. reasons.GroupBy(r => r).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new ReasonCount(g.Key, g.Count()))];
    }

    private static IEnumerable<NeverReached> NeverReached(int ordinal, IncidentFacts facts, ImmutableArray<TeamResponse> responses)
    {
        var mine = responses.Where(r => r.Incident == ordinal).ToList();
        var silent = mine.Where(r => r.AnsweredAt is null && r.Outcome != ResponseOutcomes.Accepted)
            .Select(r => new NeverReached(ordinal, r.RequirementKey, r.Team, ResponseOutcomes.OfferedNoAnswer, r.Outcome));
        var offered = mine.Select(r => (r.RequirementKey, r.Team)).ToHashSet();
        var unoffered = facts.Candidates
            .Where(c => !offered.Contains((c.RequirementKey, c.Team)))
            .Select(c => new NeverReached(ordinal, c.RequirementKey, c.Team, ResponseOutcomes.NeverOffered,
                c.Reason is { } reason ? Kebab(reason.ToString()) : ResponseOutcomes.EligibleNotNeeded));
        return silent.Concat(unoffered)
            .OrderBy(n => n.RequirementKey, StringComparer.Ordinal)
            .ThenBy(n => n.Reason, StringComparer.Ordinal)
            .ThenBy(n => n.Team.Value, StringComparer.Ordinal);
    }

    private static CalledAway CalledAwayOf(TeamResponse response, IncidentFacts facts)
    {
        var at = facts.Timeline.First(t => t.Kind == IncidentTimelineKinds.TeamCalledAway && t.Team == response.Team).At;
        return new CalledAway(response.Incident, response.RequirementKey, response.Team, response.CalledAwayTo!.Value, at);
    }

    /// <summary>NotOnDuty → not-on-duty, the way the report spells every reason.</summary>
    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
