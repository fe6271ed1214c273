namespace Mobilize.Grains.Registry;

/// <summary>A volunteer's accident insurance (志愿者保险), valid from <see cref="ValidFrom"/> through <see cref="ValidTo"/>.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.insurance")]
public sealed record Insurance(string PolicyNumber, DateOnly ValidFrom, DateOnly ValidTo)
{
    public bool IsValidOn(DateOnly date) => ValidFrom <= date && date <= ValidTo;
}
