namespace Mobilize.Grains.Exercises;

/// <summary>The one label every push, page and export carries for an exercise, so a drill is never taken for real.</summary>
public static class ExerciseMarking
{
    public const string Label = "【演练】EXERCISE";

    public static string? For(bool exercise) => exercise ? Label : null;
}
