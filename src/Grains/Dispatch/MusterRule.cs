using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

[GenerateSerializer, Alias("mobilize.dispatch.muster-outcome")]
public enum MusterOutcome
{
    Waiting = 0,
    Mustered,
    CannotMuster,
}

/// <summary>One member's answer to the team's callout; <see cref="Eta"/> only matters for an acceptance.</summary>
/// <param name="At">When the team took the answer (the team stamps it; answers stored before carry none).</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.member-answer")]
public sealed record MemberAnswer(VolunteerId Volunteer, OfferAnswer Answer, TimeSpan? Eta = null, DateTimeOffset? At = null)
{
    /// <summary>The same answer whenever it was given: a phone's retry must not count twice.</summary>
    public bool SameAs(MemberAnswer other) => this with { At = null } == other with { At = null };
}

/// <summary>The verdict with the counts behind it; <see cref="EtaOfMinimum"/> is when the minimum-th accepting member
/// expects to arrive, i.e. when the team can actually start.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.muster-result")]
public sealed record MusterResult(MusterOutcome Outcome, int Accepted, int Declined, TimeSpan? EtaOfMinimum);

/// <summary>Whether an offered team has gathered enough people (集结): the leader's word, or the minimum reached.</summary>
public static class MusterRule
{
    /// <param name="answers">In arrival order; a member who answers again has changed their mind, so the last answer counts.</param>
    public static MusterResult Evaluate(int minimumMembers, int memberCount, ImmutableArray<MemberAnswer> answers, bool leaderConfirmed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumMembers, 1);
        var latest = new Dictionary<VolunteerId, MemberAnswer>();
        foreach (var answer in answers.IsDefault ? [] : answers) latest[answer.Volunteer] = answer;

        var accepted = latest.Values.Where(a => a.Answer == OfferAnswer.Accept).ToList();
        var declined = latest.Values.Count(a => a.Answer == OfferAnswer.Decline);
        var etas = accepted.Select(a => a.Eta ?? TimeSpan.Zero).Order().ToList();
        TimeSpan? etaOfMinimum = etas.Count >= minimumMembers ? etas[minimumMembers - 1] : null;

        // The leader knows who is actually on the way, so their confirmation stands even below the minimum.
        var outcome = leaderConfirmed || accepted.Count >= minimumMembers ? MusterOutcome.Mustered
            : memberCount - declined < minimumMembers ? MusterOutcome.CannotMuster
            : MusterOutcome.Waiting;
        return new MusterResult(outcome, accepted.Count, declined, etaOfMinimum);
    }
}
