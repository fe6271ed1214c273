using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Exercises;

/// <summary>A named drill (演练) that groups the incidents a trainer injects.</summary>
[JsonConverter(typeof(TypedIdJsonConverterFactory))]
[GenerateSerializer, Immutable, Alias("mobilize.exercises.exercise-id")]
public readonly record struct ExerciseId : ITypedId<ExerciseId>
{
    [Id(0)] private readonly string? value;
    private ExerciseId(string value) => this.value = value;
    public string Value => value ?? string.Empty;
    public bool IsEmpty => value is null;
    public static int MaxLength => TypedId.DefaultMaxLength;
    static ExerciseId ITypedId<ExerciseId>.FromChecked(string value) => new(value);
    public static ExerciseId Create(string value) => TypedId.Create<ExerciseId>(value);
    public static bool TryParse([NotNullWhen(true)] string? value, out ExerciseId id) => TypedId.TryParse(value, out id);
    public override string ToString() => Value;
}
