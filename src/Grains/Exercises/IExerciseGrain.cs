using System.Collections.Immutable;
using Mobilize.Grains.Dispatch;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Exercises;

/// <summary>One named exercise (演练, keyed by <see cref="ExerciseId"/>): the incidents it injects, its end, and its
/// after-action report. Calls wait one way only, exercise → incident, so an incident never waits for its exercise.</summary>
[Alias("mobilize.exercises.exercise-grain")]
public interface IExerciseGrain : IGrainWithStringKey
{
    /// <summary>Starts the exercise; the same plan again is answered as before.</summary>
    [Alias("Create")]
    Task<Outcome<ExerciseView>> Create(ExercisePlan plan);

    [ReadOnly]
    [Alias("Get")]
    Task<Outcome<ExerciseView>> Get();

    /// <summary>Opens an incident as part of this running exercise, in its organisation or beneath it.</summary>
    [Alias("Inject")]
    Task<Outcome<IncidentSummary>> Inject(IncidentId incident, IncidentRequest request);

    /// <summary>Stands down every incident it injected and freezes the report; ending twice changes nothing.</summary>
    [Alias("End")]
    Task<Outcome<ExerciseView>> End();

    /// <summary>The frozen report once ended; until then, the report as things stand.</summary>
    [ReadOnly]
    [Alias("GetReport")]
    Task<Outcome<AfterActionReport>> GetReport();
}

/// <summary>The exercises started in an organisation or beneath it (keyed by <see cref="OrganisationId"/>).</summary>
[Alias("mobilize.exercises.exercise-roster-grain")]
public interface IExerciseRosterGrain : IGrainWithStringKey
{
    [Alias("Note")]
    Task Note(ExerciseMark exercise);

    /// <summary>Newest first.</summary>
    [ReadOnly]
    [Alias("List")]
    Task<ImmutableArray<ExerciseMark>> List();
}

[GenerateSerializer, Immutable, Alias("mobilize.exercises.exercise-mark")]
public sealed record ExerciseMark(ExerciseId Exercise, OrganisationId Organisation, DateTimeOffset StartedAt);

/// <param name="TakesVolunteersFromRealDuty">Whether its assignments hold teams like real ones; default no (see <see cref="ExerciseAvailability"/>).</param>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.exercise-plan")]
public sealed record ExercisePlan(ExerciseId Id, string Name, OrganisationId Organisation, bool TakesVolunteersFromRealDuty, string? Note)
{
    public const int MaxNameLength = 80;
    public const int MaxNoteLength = 500;

    public ImmutableArray<FieldError> Validate()
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        var name = Name?.Trim() ?? string.Empty;
        if (name.Length is < 2 or > MaxNameLength) errors.Add(new("name", $"must be 2 to {MaxNameLength} characters"));
        if (Organisation.IsEmpty) errors.Add(new("organisationId", "is required"));
        if (Note?.Length > MaxNoteLength) errors.Add(new("note", $"must be at most {MaxNoteLength} characters"));
        return errors.ToImmutable();
    }
}

[GenerateSerializer, Alias("mobilize.exercises.exercise-status")]
public enum ExerciseStatus
{
    Running = 0,
    Ended,
}

/// <param name="Incidents">In the order they were injected.</param>
[GenerateSerializer, Immutable, Alias("mobilize.exercises.exercise-view")]
public sealed record ExerciseView(
    ExerciseId Id,
    string Name,
    OrganisationId Organisation,
    bool TakesVolunteersFromRealDuty,
    string? Note,
    ExerciseStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    ImmutableArray<IncidentId> Incidents)
{
    public string Marking => ExerciseMarking.Label;
}
