using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Readiness;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

/// <summary>A flood on the Liangma River, and a team that passes every check unless a test says otherwise.</summary>
internal static class Candidates
{
    public static readonly GeoPoint Place = new(39.9500, 116.4600);
    public static readonly DateTimeOffset Time = new(2025, 7, 20, 8, 0, 0, TimeSpan.FromHours(8));
    public static readonly IncidentContext Incident = new(Place, Time, 20_000, TimeSpan.FromMinutes(15));
    public static readonly RequirementSpec WaterRescue = new("boats", "water-rescue", 2, 4);

    public static CandidateFacts Ready(string team = "t-chaoyang") => new(
        TeamId.Create(team), DutyStatus.Available, null, null,
        new GeoPoint(39.9600, 116.4700), Time.AddMinutes(-5),
        ImmutableDictionary<string, int>.Empty.Add("water-rescue", 5),
        [], true, 6);
}
