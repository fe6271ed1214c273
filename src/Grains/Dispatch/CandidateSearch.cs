using System.Collections.Immutable;
using Mobilize.Grains.Hosting;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>One search of the directory for a requirement: the gate over every team of the level's jurisdiction within
/// the radius (and the nearest few beyond it, so "too far" shows in explain), and the eligible ranked by arrival time.
/// The incident grain and the launch preview run this same search, so a preview offers whom the callout would.</summary>
internal sealed class CandidateSearch(IDispatchDirectory directory, DispatchOptions options, ReadinessOptions readiness)
{
    /// <summary>Teams outside the jurisdiction are not candidates at all, so explain does not list them; an incident
    /// stored before it kept its jurisdictions (<paramref name="jurisdictions"/> default) searches without that bound.</summary>
    public ImmutableArray<RankedCandidate> Run(GeoPoint place, ImmutableArray<OrganisationId> jurisdictions, RequirementSpec spec, double radius,
        EscalationLevel level, ImmutableHashSet<TeamId> alreadyOffered, DateTimeOffset now, ref ImmutableList<CandidateVerdict> verdicts)
    {
        var context = new IncidentContext(place, now, radius, readiness.LocationMaxAge);
        var speed = options.DefaultTravelSpeedKmh;
        var eligible = new List<RankingInput>();
        var log = new VerdictLog(verdicts);
        var outer = Math.Min(ResponsePlan.MaxRadiusMeters, radius * 2);
        var jurisdiction = RecruitmentJurisdiction.At(jurisdictions, level);
        foreach (var match in directory.SearchWithMargin(place, radius, outer, options.ExplainedBeyondRadius, spec.Capability, now, jurisdiction))
        {
            if (alreadyOffered.Contains(match.Facts.Team)) continue;
            var verdict = EligibilityGate.Evaluate(match.Facts, spec, context);
            TimeSpan? eta = verdict.DistanceMeters is { } d ? Ranking.EstimatedArrival(d, travelSpeedKmh: speed) : null;
            var recorded = new CandidateVerdict(spec.Key, verdict.Team, verdict.Reason, verdict.DistanceMeters, eta, level, radius, now);
            log.Record(recorded);
            if (verdict.IsEligible) eligible.Add(new RankingInput(verdict.Team, verdict.DistanceMeters!.Value));
        }
        verdicts = log.ToImmutable();
        return [.. Ranking.Rank(eligible, speed).Take(options.CandidatesPerSearch)];
    }

    /// <summary>Follows a decision through: each wider search it asks for is run here and fed back into the decider,
    /// until only effects for the outside world are left (offers, withdrawals, releases), which are returned in order.</summary>
    public (RecruitmentState State, List<RecruitmentEffect> Outbound) Follow(RecruitmentStep first, GeoPoint place,
        ImmutableArray<OrganisationId> jurisdictions, DateTimeOffset now, ref ImmutableList<CandidateVerdict> verdicts)
    {
        var recruitment = first.State;
        var pending = new Queue<RecruitmentEffect>(first.Effects);
        var outbound = new List<RecruitmentEffect>();
        while (pending.TryDequeue(out var effect))
        {
            if (effect is NeedCandidates need && recruitment.Requirement(need.RequirementKey) is { } progress)
            {
                var found = Run(place, jurisdictions, progress.Spec, need.RadiusMeters, need.Level, need.AlreadyOffered, now, ref verdicts);
                var next = RecruitmentDecider.OnCandidates(recruitment, need.RequirementKey, found, now);
                recruitment = next.State;
                foreach (var more in next.Effects) pending.Enqueue(more);
            }
            else
            {
                outbound.Add(effect);
            }
        }
        return (recruitment, outbound);
    }
}
