using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Exercises;

/// <summary>The report's arithmetic on hand-made facts: three teams answering a drill at known times.</summary>
public sealed class AfterActionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly IncidentId Drill = IncidentId.Create("drill-1");
    private static readonly TeamId A = TeamId.Create("team-a");
    private static readonly TeamId B = TeamId.Create("team-b");
    private static readonly TeamId C = TeamId.Create("team-c");
    private static readonly TeamId D = TeamId.Create("team-d");
    private static readonly TeamId Far = TeamId.Create("team-far");

    [Fact]
    public void median_of_an_odd_count_is_the_middle_and_p90_is_the_nearest_rank()
    {
        Assert.Equal(new Stat(3, 120, 300), AfterActionStats.Of([300, 60, 120]));
        Assert.Equal(new Stat(4, 25, 40), AfterActionStats.Of([10, 40, 20, 30]));
        Assert.Equal(new Stat(10, 5.5, 9), AfterActionStats.Of([.. Enumerable.Range(1, 10).Select(i => (double?)i)]));
        Assert.Equal(new Stat(0, null, null), AfterActionStats.Of([null]));
    }

    [Fact]
    public void three_teams_with_known_times_give_known_clocks_fill_rate_and_time_to_fill()
    {
        var report = AfterAction.Compute(Facts());

        var boats = Assert.Single(report.Requirements);
        Assert.Equal(3, boats.TeamsNeeded);
        Assert.Equal(2, boats.TeamsFilled);
        Assert.Equal(0.6667, boats.FillRate);
        Assert.Null(boats.TimeToFillSeconds);
        // Alert→answer: A 60 s, B 120 s, C 300 s. Answer→muster: A 60 s, B 180 s. Muster→arrival: A 600 s, B 900 s.
        Assert.Equal(new Stat(3, 120, 300), boats.Clocks.AlertToAnswer);
        Assert.Equal(new Stat(2, 120, 180), boats.Clocks.AnswerToMuster);
        Assert.Equal(new Stat(2, 750, 900), boats.Clocks.MusterToArrival);
        Assert.Equal(boats.Clocks, report.Clocks);

        Assert.Equal([A, B, C, D], report.Teams.Select(t => t.Team));
        Assert.Equal(new Stat(1, 60, 60), report.Teams[0].Clocks.AlertToAnswer);
        Assert.Equal([1, 1, 0, 0], report.Teams.Select(t => t.Accepted));
        Assert.Equal(
            new[] { new ReasonCount("declined", 1), new ReasonCount("member-declined", 2), new ReasonCount("timed-out", 1) },
            report.DeclinesAndTimeouts.ToArray());
        Assert.Equal(
            new[]
            {
                new NeverReached(1, "boats", Far, "never-offered", "out-of-radius"),
                new NeverReached(1, "boats", D, "offered-no-answer", "timed-out"),
            },
            report.NeverReached.ToArray());
        Assert.Equal(ExerciseMarking.Label, report.Marking);
    }

    [Fact]
    public void a_team_called_away_to_a_real_incident_is_listed_with_the_real_incident()
    {
        var facts = Facts();
        var incident = facts.Incidents[0];
        var away = new TimelineEntry(T0.AddMinutes(20), IncidentTimelineKinds.TeamCalledAway, "boats", A, Detail: "flood-real");
        var report = AfterAction.Compute(facts with { Incidents = [incident with { Timeline = incident.Timeline.Add(away) }] });

        Assert.Equal(new[] { new CalledAway(1, "boats", A, IncidentId.Create("flood-real"), T0.AddMinutes(20)) }, report.CalledAway.ToArray());
        Assert.Contains(new ReasonCount("called-away", 1), report.DeclinesAndTimeouts);
    }

    [Fact]
    public void comparing_a_run_with_itself_gives_zero_deltas_and_a_slower_run_gives_positive_ones()
    {
        var baseline = AfterAction.Compute(Facts());
        var same = AfterActionComparison.Of(baseline, baseline);
        Assert.Equal(0, same.Clocks.AlertToAnswer.MedianSeconds.Change);

        var slower = AfterAction.Compute(Facts(answerDelay: TimeSpan.FromSeconds(30)));
        var compared = AfterActionComparison.Of(baseline, slower);
        Assert.Equal(new Delta(120, 150, 30), compared.Clocks.AlertToAnswer.MedianSeconds);
        Assert.Equal(new Delta(120, 90, -30), Assert.Single(compared.Requirements).Clocks.AnswerToMuster.MedianSeconds);
    }

    /// <summary>Drill needing three boat teams: A answers at 1 min and musters at 2, arrives at 12; B answers at 2,
    /// musters at 5, arrives at 20; C's members decline at 5 (team declined); D never answers and times out.</summary>
    private static AfterActionFacts Facts(TimeSpan answerDelay = default)
    {
        Offer Offer(int seq, TeamId team, OfferStatus status, int closedMinute) =>
            new(OfferId.For(Drill, seq), seq, team, "boats", 1, T0, T0.AddMinutes(10), status, T0.AddMinutes(closedMinute));
        TimelineEntry Answered(int seq, TeamId team, double minute, string answer) =>
            new(T0.AddMinutes(minute) + answerDelay, IncidentTimelineKinds.MemberAnswered, "boats", team, OfferId.For(Drill, seq), $"v {answer}");

        var summary = new IncidentSummary(Drill, "flood", new GeoPoint(39.92, 116.44), OrganisationId.Create("bj"), 3, true, null, null,
            IncidentStatus.StoodDown, T0,
            [new RequirementView("boats", "water-rescue", 3, 2, 2, RequirementStatus.Recruiting, 10_000, EscalationLevel.District, 1)],
            [Offer(1, A, OfferStatus.Accepted, 2), Offer(2, B, OfferStatus.Accepted, 5), Offer(3, C, OfferStatus.Declined, 5), Offer(4, D, OfferStatus.TimedOut, 10)],
            ImmutableDictionary<TeamId, string>.Empty.Add(A, "boats").Add(B, "boats"));
        ImmutableArray<TimelineEntry> timeline =
        [
            Answered(1, A, 1, "accept"),
            Answered(2, B, 2, "accept"),
            Answered(3, C, 5, "decline"),
            Answered(3, C, 5, "decline"),
            new(T0.AddMinutes(12), IncidentTimelineKinds.MemberArrived, "boats", A, Detail: "v"),
            new(T0.AddMinutes(20), IncidentTimelineKinds.MemberArrived, "boats", B, Detail: "v"),
            new(T0.AddMinutes(21), IncidentTimelineKinds.MemberArrived, "boats", B, Detail: "w"),
        ];
        ImmutableArray<CandidateVerdict> candidates =
        [
            new("boats", A, null, 500, null, EscalationLevel.District, 10_000, T0),
            new("boats", Far, ExclusionReason.OutOfRadius, 15_000, null, EscalationLevel.District, 10_000, T0),
        ];
        var exercise = new ExerciseView(ExerciseId.Create("ex-1"), "汛期演练", OrganisationId.Create("bj"), false, null, ExerciseStatus.Ended,
            T0, T0.AddHours(1), [Drill]);
        return new AfterActionFacts(exercise, [new IncidentFacts(summary, timeline, candidates)]);
    }
}
