using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Exercises;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Tests.Dispatch;

public sealed class IncidentSetupDrillClockTests
{
    private static readonly IncidentRequest Flood = new("flood", new GeoPoint(39.92, 116.44), World.Chaoyang, 2, false,
        [new RequirementSpec("boats", "water-rescue", 1, 2)]);

    [Fact]
    public void on_a_fast_drill_clock_a_real_incident_is_refused_naming_the_exercise_field_and_an_exercise_is_accepted()
    {
        var fast = new DrillClock(60);

        Assert.Equal("exercise", Assert.Single(IncidentSetup.Validate(Flood, fast)).Field);
        Assert.Empty(IncidentSetup.Validate(Flood with { Exercise = true }, fast));
        Assert.Empty(IncidentSetup.Validate(Flood, DrillClock.RealTime));
    }
}
