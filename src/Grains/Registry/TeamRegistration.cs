using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>A volunteer team (志愿服务队) as registered under its organisation.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.team-registration")]
public sealed record TeamRegistration(
    string Name,
    OrganisationId Organisation,
    VolunteerId Leader,
    GeoPoint BaseLocation,
    int MinimumMembersToMuster)
{
    public const int MinNameLength = 2;
    public const int MaxNameLength = 60;

    /// <summary>Every invalid field at once; empty when valid. No rule here depends on the date, so none is asked for.</summary>
    public ImmutableArray<FieldError> Validate()
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        var name = Name?.Trim() ?? string.Empty;
        if (name.Length is < MinNameLength or > MaxNameLength)
            errors.Add(new("name", $"must be {MinNameLength} to {MaxNameLength} characters"));
        if (Organisation.IsEmpty) errors.Add(new("organisationId", "is required"));
        if (Leader.IsEmpty) errors.Add(new("leaderId", "is required"));
        errors.AddRange(BaseLocation.Validate("baseLocation"));
        if (MinimumMembersToMuster < 1) errors.Add(new("minimumMembersToMuster", "must be at least 1"));
        return errors.ToImmutable();
    }
}
