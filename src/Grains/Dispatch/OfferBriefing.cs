using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Dispatch;

/// <summary>Where the distance on a volunteer's offer card is measured from.</summary>
public enum DistanceOrigin
{
    /// <summary>The volunteer's last reported position.</summary>
    Location = 0,
    /// <summary>The team's base: the volunteer has reported no position.</summary>
    TeamBase,
}

/// <param name="SuggestedEtaMinutes">What the accept button offers as the arrival time: the travel time at the
/// dispatcher's ranking speed, rounded up to whole 5 minutes, so one tap gives an answer the volunteer can keep.</param>
public sealed record OfferDistance(double DistanceMeters, DistanceOrigin From, int SuggestedEtaMinutes);

/// <summary>How far an offered place is from one volunteer, and the arrival time their one-tap accept proposes.</summary>
public static class OfferBriefing
{
    private const int EtaStepMinutes = 5;
    private const int MaxEtaMinutes = 24 * 60;

    public static OfferDistance Distance(GeoPoint place, LocationReport? lastLocation, GeoPoint teamBase)
    {
        // Where they last were beats where the team keeps its boats: a volunteer answers from home or work, not the base.
        var (from, origin) = lastLocation is { } report ? (report.Point, DistanceOrigin.Location) : (teamBase, DistanceOrigin.TeamBase);
        var meters = Math.Round(from.DistanceMetersTo(place));
        var travel = Ranking.EstimatedArrival(meters).TotalMinutes;
        var eta = (int)Math.Min(MaxEtaMinutes, Math.Max(EtaStepMinutes, Math.Ceiling(travel / EtaStepMinutes) * EtaStepMinutes));
        return new OfferDistance(meters, origin, eta);
    }
}
