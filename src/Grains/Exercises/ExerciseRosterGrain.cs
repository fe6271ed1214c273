using System.Collections.Immutable;
using Mobilize.Actors;

namespace Mobilize.Grains.Exercises;

internal sealed record ExerciseRosterState(ImmutableList<ExerciseMark> Exercises);

internal sealed class ExerciseRosterGrain([PersistentState("exercise-roster")] IPersistentState<ExerciseRosterState?> state)
    : Grain, IExerciseRosterGrain
{
    /// <summary>How many exercises an organisation keeps listed; older ones stay readable by id.</summary>
    public const int Kept = 500;

    public async Task Note(ExerciseMark exercise)
    {
        var list = state.State?.Exercises ?? [];
        if (list.Any(m => m.Exercise == exercise.Exercise)) return;
        list = list.Add(exercise);
        if (list.Count > Kept) list = list.RemoveRange(0, list.Count - Kept);
        state.State = new ExerciseRosterState(list);
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<ExerciseMark>> List() => Task.FromResult<ImmutableArray<ExerciseMark>>(
        [.. (state.State?.Exercises ?? []).OrderByDescending(m => m.StartedAt).ThenBy(m => m.Exercise.Value, StringComparer.Ordinal)]);
}
