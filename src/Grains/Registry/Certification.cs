namespace Mobilize.Grains.Registry;

/// <summary>A qualification for one capability code (e.g. <c>water-rescue</c>), valid from <see cref="Issued"/> through <see cref="Expires"/>.</summary>
[GenerateSerializer, Immutable, Alias("mobilize.registry.certification")]
public sealed record Certification(string Capability, DateOnly Issued, DateOnly Expires, string? Issuer)
{
    // Inclusive at both ends: certificates here read "valid until <date>" (有效期至), which includes that day.
    public bool IsValidOn(DateOnly date) => Issued <= date && date <= Expires;
}
