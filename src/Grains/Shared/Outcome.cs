using System.Collections.Immutable;

namespace Mobilize.Grains.Shared;

/// <summary>How a refused request maps to the edge: invalid input, a missing target, or a clash with what exists.</summary>
[GenerateSerializer, Alias("mobilize.shared.refusal-kind")]
public enum RefusalKind
{
    Invalid = 1,
    NotFound,
    Conflict,
    Forbidden,
    /// <summary>Well-formed, but the fields name something this deployment cannot act on (422, fields named).</summary>
    Unprocessable,
}

/// <summary>An expected refusal: a stable <see cref="Code"/> for clients, a sentence for people, and every bad field.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.shared.refusal")]
public sealed record Refusal(RefusalKind Kind, string Code, string Message, ImmutableArray<FieldError> Errors)
{
    public static Refusal Invalid(ImmutableArray<FieldError> errors) =>
        new(RefusalKind.Invalid, "invalid", "One or more fields are not valid.", errors);

    public static Refusal Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static Refusal NotFound(string code, string message) => new(RefusalKind.NotFound, code, message, []);

    public static Refusal Conflict(string code, string message) => new(RefusalKind.Conflict, code, message, []);

    public static Refusal Forbidden(string code, string message) => new(RefusalKind.Forbidden, code, message, []);

    public static Refusal Unprocessable(string code, string message, ImmutableArray<FieldError> errors) =>
        new(RefusalKind.Unprocessable, code, message, errors);
}

/// <summary>Done, or refused for a reason the caller can act on.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.shared.outcome")]
public sealed record Outcome(Refusal? Refusal)
{
    public static Outcome Ok { get; } = new((Refusal?)null);

    public bool Succeeded => Refusal is null;

    public static implicit operator Outcome(Refusal refusal) => new(refusal);
}

/// <summary>A value, or the refusal that stopped it; grains return these instead of throwing for expected failures.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.shared.outcome`1")]
public sealed record Outcome<T>(T? Value, Refusal? Refusal) where T : class
{
    public bool Succeeded => Refusal is null;

    public T ValueOrThrow() => Value ?? throw new InvalidOperationException($"Refused: {Refusal?.Code} {Refusal?.Message}");

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(null, refusal);
}
