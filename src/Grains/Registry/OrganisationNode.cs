using System.Collections.Immutable;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>The four administrative levels (市/区县/街道乡镇/社区), top first.</summary>
[GenerateSerializer, Alias("mobilize.registry.organisation-level")]
public enum OrganisationLevel
{
    City = 0,
    District = 1,
    Street = 2,
    Community = 3,
}

/// <summary>One node of the organisation tree; commanders' jurisdiction follows it.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.organisation-node")]
public sealed record OrganisationNode(
    OrganisationId Id,
    string Name,
    OrganisationLevel Level,
    OrganisationId? Parent,
    string? DistrictCode)
{
    public const int MaxNameLength = 60;

    /// <summary>Every invalid field at once; <paramref name="parentLevel"/> is the level of <see cref="Parent"/>
    /// as the registry knows it, or null when no such organisation exists.</summary>
    public ImmutableArray<FieldError> Validate(OrganisationLevel? parentLevel)
    {
        var errors = ImmutableArray.CreateBuilder<FieldError>();
        if (Id.IsEmpty) errors.Add(new("id", "is required"));
        var name = Name?.Trim() ?? string.Empty;
        if (name.Length is < 2 or > MaxNameLength) errors.Add(new("name", $"must be 2 to {MaxNameLength} characters"));
        if (!Enum.IsDefined(Level)) errors.Add(new("level", "must be City, District, Street or Community"));
        else if (ParentProblem(parentLevel) is { } problem) errors.Add(new("parentId", problem));
        if (DistrictCode is not null && (DistrictCode.Length != 6 || !DistrictCode.All(char.IsAsciiDigit)))
            errors.Add(new("districtCode", "must be 6 digits"));
        return errors.ToImmutable();
    }

    private string? ParentProblem(OrganisationLevel? parentLevel)
    {
        if (Level == OrganisationLevel.City)
            return Parent is null ? null : "a city has no parent";
        if (Parent is null) return $"a {Level} needs a parent";
        if (Parent == Id) return "an organisation cannot be its own parent";
        if (parentLevel is null) return "parent organisation not found";
        return parentLevel == Level - 1 ? null : $"the parent of a {Level} must be a {Level - 1}";
    }
}
