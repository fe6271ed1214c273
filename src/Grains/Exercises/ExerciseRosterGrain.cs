using System.Collections.Immutable;

namespace Mobilize.Grains.Exercises;

[GenerateSerializer, Immutable, Alias("mobilize.exercises.exercise-roster-state")]
internal sealed record ExerciseRosterState(ImmutableList<ExerciseMark> Exercises);

// The grain type is part of every stored row: keep it stable.
[GrainType("exerciseroster")]
internal sealed class ExerciseRosterGrain([PersistentState("exercise-roster")] IPersistentState<ExerciseRosterState> state)
    : Grain, IExerciseRosterGrain
{
    /// <summary>How many exercises an organisation keeps listed; older ones stay readable by id.</summary>
    public const int Kept = 500;

    public async Task Note(ExerciseMark exercise)
    {
        var list = state.Stored()?.Exercises ?? [];
        if (list.Any(m => m.Exercise == exercise.Exercise)) return;
        list = list.Add(exercise);
        if (list.Count > Kept) list = list.RemoveRange(0, list.Count - Kept);
        state.State = new ExerciseRosterState(list);
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<ExerciseMark>> List() => Task.FromResult<ImmutableArray<ExerciseMark>>(
        [.. (state.Stored()?.Exercises ?? []).OrderByDescending(m => m.StartedAt).ThenBy(m => m.Exercise.Value, StringComparer.Ordinal)]);
}
