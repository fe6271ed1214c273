using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>Small builders for recruitment tests; each test builds its own incident from these.</summary>
internal static class Recruitments
{
    public static readonly DateTimeOffset T0 = new(2025, 7, 20, 8, 0, 0, TimeSpan.FromHours(8));
    public static readonly TimeSpan OfferTimeout = TimeSpan.FromMinutes(3);
    public static readonly IncidentId Incident = IncidentId.Create("inc-flood-1");

    public static readonly ImmutableArray<EscalationStep> Ladder =
        [EscalationStep.Widen(EscalationLevel.Street, 2), EscalationStep.To(EscalationLevel.District, 50_000)];

    public static TeamId Team(string id) => TeamId.Create(id);

    public static RequirementSpec Need(string key, int teams, string capability = "water-rescue", int minimumMembers = 1) =>
        new(key, capability, teams, minimumMembers);

    /// <summary>Ranked in the order given, one minute apart.</summary>
    public static ImmutableArray<RankedCandidate> Ranked(params string[] teams) =>
        [.. teams.Select((t, i) => new RankedCandidate(Team(t), TimeSpan.FromMinutes(i + 1), 500.0 * (i + 1)))];

    public static RecruitmentSetup Setup(double overOfferFactor, params RequirementSpec[] requirements) =>
        new(Incident, [.. requirements], 10_000, OfferTimeout, overOfferFactor, Ladder);

    public static RecruitmentStep Start(RecruitmentSetup setup, params (string Key, ImmutableArray<RankedCandidate> Candidates)[] candidates) =>
        RecruitmentDecider.Start(setup, candidates.ToImmutableDictionary(c => c.Key, c => c.Candidates), T0);

    public static IEnumerable<T> Of<T>(this RecruitmentStep step) => step.Effects.OfType<T>();

    public static IEnumerable<string> OfferedTeams(this RecruitmentStep step) => step.Of<SendOffer>().Select(o => o.Team.Value);

    public static OfferId OfferTo(this RecruitmentState state, string team) =>
        state.Offers.Values.Single(o => o.Team == Team(team)).Id;

    public static RecruitmentStep Answer(this RecruitmentState state, string team, OfferAnswer answer, DateTimeOffset? at = null) =>
        RecruitmentDecider.OnAnswer(state, state.OfferTo(team), Team(team), answer, at ?? T0.AddMinutes(1));

    public static RecruitmentStep Accept(this RecruitmentState state, string team, DateTimeOffset? at = null) => state.Answer(team, OfferAnswer.Accept, at);

    public static RecruitmentStep Decline(this RecruitmentState state, string team, DateTimeOffset? at = null) => state.Answer(team, OfferAnswer.Decline, at);
}
