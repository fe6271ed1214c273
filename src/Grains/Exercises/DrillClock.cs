namespace Mobilize.Grains.Exercises;

/// <summary>How fast the silo's clock runs against the wall clock. A drill server may run it faster (<c>--clock-rate</c>)
/// so that half an hour of offer deadlines and escalations passes in minutes.</summary>
/// <remarks>On such a server a real callout would time its offers out and record service hours at the drill's pace, so
/// it opens exercises only (<see cref="Dispatch.IncidentSetup.Validate"/>), and the dashboard says so.</remarks>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.drill-clock")]
public sealed record DrillClock(double Rate)
{
    public static readonly DrillClock RealTime = new(1);

    public bool IsAccelerated => Rate != 1;
}
