using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>An eligible team as ranking sees it.</summary>
/// <param name="ReportedEta">The team's own estimate, which beats arithmetic when given.</param>
/// <param name="AcceptLikelihood">0..1, from the team's answer history; null when there is no history.</param>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.ranking-input")]
public sealed record RankingInput(TeamId Team, double DistanceMeters, TimeSpan? ReportedEta = null, double? AcceptLikelihood = null);

/// <summary>A team in offer order, with the ETA it was ranked by.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.dispatch.ranked-candidate")]
public sealed record RankedCandidate(TeamId Team, TimeSpan Eta, double DistanceMeters, double? AcceptLikelihood = null);

/// <summary>Orders eligible teams: soonest arrival first, then likeliest to accept, then team id so ties are deterministic.</summary>
public static class Ranking
{
    public const double DefaultTravelSpeedKmh = 30;

    public static TimeSpan EstimatedArrival(double distanceMeters, TimeSpan? reportedEta = null, double travelSpeedKmh = DefaultTravelSpeedKmh)
    {
        if (reportedEta is { } eta) return eta;
        if (!(travelSpeedKmh > 0)) throw new ArgumentOutOfRangeException(nameof(travelSpeedKmh), travelSpeedKmh, "must be positive");
        // Whole seconds: sub-second differences are noise and would make ties depend on floating-point rounding.
        return TimeSpan.FromSeconds(Math.Round(distanceMeters / (travelSpeedKmh * 1000 / 3600)));
    }

    public static ImmutableArray<RankedCandidate> Rank(IEnumerable<RankingInput> eligible, double travelSpeedKmh = DefaultTravelSpeedKmh) =>
        [.. eligible
            .Select(c => new RankedCandidate(c.Team, EstimatedArrival(c.DistanceMeters, c.ReportedEta, travelSpeedKmh), c.DistanceMeters, c.AcceptLikelihood))
            .OrderBy(c => c.Eta)
            .ThenBy(c => c.AcceptLikelihood is null ? 1 : 0)
            .ThenByDescending(c => c.AcceptLikelihood ?? 0)
            .ThenBy(c => c.Team.Value, StringComparer.Ordinal)];
}
