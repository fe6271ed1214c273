using System.Text.Json;
using Mobilize.Grains.Dispatch;
using static Mobilize.Grains.Tests.Dispatch.Recruitments;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class RecruitmentStateJsonTests
{
    [Fact]
    public void recruitment_reloaded_from_json_decides_exactly_as_the_original()
    {
        var started = Start(Setup(1.5, Need("boats", 2), Need("medics", 1, "medical")),
            ("boats", Ranked("t1", "t2", "t3", "t4")), ("medics", Ranked("m1", "m2"))).State;
        var state = started.Accept("t2").State;
        state = state.Decline("m1").State;

        var reloaded = JsonSerializer.Deserialize<RecruitmentState>(JsonSerializer.Serialize(state))!;

        Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(reloaded));
        var original = RecruitmentDecider.OnTimeouts(state, T0 + OfferTimeout);
        var replayed = RecruitmentDecider.OnTimeouts(reloaded, T0 + OfferTimeout);
        Assert.Equal(original.Effects.Select(e => e.ToString()), replayed.Effects.Select(e => e.ToString()));
        Assert.Equal(JsonSerializer.Serialize(original.State), JsonSerializer.Serialize(replayed.State));
    }
}
