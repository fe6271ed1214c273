using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Mobilize.Grains.Shared;

// The six ids are deliberately identical in shape; only the type differs, which is the point.

[JsonConverter(typeof(TypedIdJsonConverterFactory))]
[GenerateSerializer, Immutable, Alias("mobilize.shared.volunteer-id")]
public readonly record struct VolunteerId : ITypedId<VolunteerId>
{
    [Id(0)] private readonly string? value;
    private VolunteerId(string value) => this.value = value;
    public string Value => value ?? string.Empty;
    public bool IsEmpty => value is null;
    public static int MaxLength => TypedId.DefaultMaxLength;
    static VolunteerId ITypedId<VolunteerId>.FromChecked(string value) => new(value);
    public static VolunteerId Create(string value) => TypedId.Create<VolunteerId>(value);
    public static bool TryParse([NotNullWhen(true)] string? value, out VolunteerId id) => TypedId.TryParse(value, out id);
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverterFactory))]
[GenerateSerializer, Immutable, Alias("mobilize.shared.team-id")]
public readonly record struct TeamId : ITypedId<TeamId>
{
    [Id(0)] private readonly string? value;
    private TeamId(string value) => this.value = value;
    public string Value => value ?? string.Empty;
    public bool IsEmpty => value is null;
    public static int MaxLength => TypedId.DefaultMaxLength;
    static TeamId ITypedId<TeamId>.FromChecked(string value) => new(value);
    public static TeamId Create(string value) => TypedId.Create<TeamId>(value);
    public static bool TryParse([NotNullWhen(true)] string? value, out TeamId id) => TypedId.TryParse(value, out id);
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverterFactory))]
[GenerateSerializer, Immutable, Alias("mobilize.shared.incident-id")]
public readonly record struct IncidentId : ITypedId<IncidentId>
{
    [Id(0)] private readonly string? value;
    private IncidentId(string value) => this.value = value;
    public string Value => value ?? string.Empty;
    public bool IsEmpty => value is null;
    public static int MaxLength => TypedId.DefaultMaxLength;
    static IncidentId ITypedId<IncidentId>.FromChecked(string value) => new(value);
    public static IncidentId Create(string value) => TypedId.Create<IncidentId>(value);
    public static bool TryParse([NotNullWhen(true)] string? value, out IncidentId id) => TypedId.TryParse(value, out id);
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverterFactory))]
[GenerateSerializer, Immutable, Alias("mobilize.shared.organisation-id")]
public readonly record struct OrganisationId : ITypedId<OrganisationId>
{
    [Id(0)] private readonly string? value;
    private OrganisationId(string value) => this.value = value;
    public string Value => value ?? string.Empty;
    public bool IsEmpty => value is null;
    public static int MaxLength => TypedId.DefaultMaxLength;
    static OrganisationId ITypedId<OrganisationId>.FromChecked(string value) => new(value);
    public static OrganisationId Create(string value) => TypedId.Create<OrganisationId>(value);
    public static bool TryParse([NotNullWhen(true)] string? value, out OrganisationId id) => TypedId.TryParse(value, out id);
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverterFactory))]
[GenerateSerializer, Immutable, Alias("mobilize.shared.plan-id")]
public readonly record struct PlanId : ITypedId<PlanId>
{
    [Id(0)] private readonly string? value;
    private PlanId(string value) => this.value = value;
    public string Value => value ?? string.Empty;
    public bool IsEmpty => value is null;
    public static int MaxLength => TypedId.DefaultMaxLength;
    static PlanId ITypedId<PlanId>.FromChecked(string value) => new(value);
    public static PlanId Create(string value) => TypedId.Create<PlanId>(value);
    public static bool TryParse([NotNullWhen(true)] string? value, out PlanId id) => TypedId.TryParse(value, out id);
    public override string ToString() => Value;
}

/// <summary>An offer of a task to a team; <see cref="For"/> derives it from the incident and a sequence number
/// so that replaying the same inputs gives the same ids.</summary>
[JsonConverter(typeof(TypedIdJsonConverterFactory))]
[GenerateSerializer, Immutable, Alias("mobilize.shared.offer-id")]
public readonly record struct OfferId : ITypedId<OfferId>
{
    [Id(0)] private readonly string? value;
    private OfferId(string value) => this.value = value;
    public string Value => value ?? string.Empty;
    public bool IsEmpty => value is null;
    // Room for a full-length incident id plus ".o" and a sequence number.
    public static int MaxLength => TypedId.DefaultMaxLength + 16;
    static OfferId ITypedId<OfferId>.FromChecked(string value) => new(value);
    public static OfferId Create(string value) => TypedId.Create<OfferId>(value);
    public static bool TryParse([NotNullWhen(true)] string? value, out OfferId id) => TypedId.TryParse(value, out id);
    public static OfferId For(IncidentId incident, int sequence) =>
        Create(FormattableString.Invariant($"{incident.Value}.o{sequence}"));
    public override string ToString() => Value;
}
