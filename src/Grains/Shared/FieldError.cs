namespace Mobilize.Grains.Shared;

/// <summary>One invalid field, named as it appears in JSON (camelCase, dotted and indexed: <c>certifications[0].expires</c>).</summary>
[GenerateSerializer, Immutable, Alias("mobilize.shared.field-error")]
public sealed record FieldError(string Field, string Message);
