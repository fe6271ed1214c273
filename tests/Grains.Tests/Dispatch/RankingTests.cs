using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class RankingTests
{
    private static TeamId T(string id) => TeamId.Create(id);

    [Fact]
    public void ten_km_at_the_default_thirty_km_per_hour_takes_twenty_minutes() =>
        Assert.Equal(TimeSpan.FromMinutes(20), Ranking.EstimatedArrival(10_000));

    [Fact]
    public void travel_speed_is_configurable() =>
        Assert.Equal(TimeSpan.FromMinutes(10), Ranking.EstimatedArrival(10_000, travelSpeedKmh: 60));

    [Fact]
    public void nearer_team_is_ranked_first()
    {
        var ranked = Ranking.Rank([new RankingInput(T("far"), 8_000), new RankingInput(T("near"), 2_000)]);
        Assert.Equal(["near", "far"], ranked.Select(r => r.Team.Value));
    }

    [Fact]
    public void self_reported_eta_beats_distance_arithmetic()
    {
        var ranked = Ranking.Rank([new RankingInput(T("near-but-slow"), 1_000, TimeSpan.FromMinutes(30)), new RankingInput(T("far"), 5_000)]);
        Assert.Equal(["far", "near-but-slow"], ranked.Select(r => r.Team.Value));
        Assert.Equal(TimeSpan.FromMinutes(30), ranked[1].Eta);
    }

    [Fact]
    public void equal_eta_prefers_the_team_likelier_to_accept_and_known_over_unknown()
    {
        var ranked = Ranking.Rank(
        [
            new RankingInput(T("unknown"), 3_000),
            new RankingInput(T("reluctant"), 3_000, AcceptLikelihood: 0.2),
            new RankingInput(T("keen"), 3_000, AcceptLikelihood: 0.9),
        ]);
        Assert.Equal(["keen", "reluctant", "unknown"], ranked.Select(r => r.Team.Value));
    }

    [Fact]
    public void full_tie_is_broken_by_team_id_whatever_the_input_order()
    {
        RankingInput[] inputs = [new(T("t-b"), 3_000), new(T("t-a"), 3_000), new(T("t-c"), 3_000)];
        Assert.Equal(["t-a", "t-b", "t-c"], Ranking.Rank(inputs).Select(r => r.Team.Value));
        Assert.Equal(["t-a", "t-b", "t-c"], Ranking.Rank(inputs.Reverse()).Select(r => r.Team.Value));
    }

    [Fact]
    public void distances_a_few_metres_apart_count_as_the_same_eta()
    {
        var ranked = Ranking.Rank([new RankingInput(T("t-b"), 3_000.2), new RankingInput(T("t-a"), 3_000.4)]);
        Assert.Equal(["t-a", "t-b"], ranked.Select(r => r.Team.Value));
    }
}
