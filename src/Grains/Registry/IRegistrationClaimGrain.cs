using System.Security.Cryptography;
using System.Text;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Registry;

/// <summary>The uniqueness index for one normalised phone or hashed ID number: whoever claims it first owns it.</summary>
[Alias("mobilize.registry.registration-claim-grain")]
public interface IRegistrationClaimGrain : IGrainWithStringKey
{
    /// <summary>Claims for <paramref name="volunteer"/> and returns the owner, which is someone else when already taken.</summary>
    [Alias("Claim")]
    Task<VolunteerId> Claim(VolunteerId volunteer);

    /// <summary>Gives the claim up, only if <paramref name="volunteer"/> holds it.</summary>
    [Alias("Release")]
    Task Release(VolunteerId volunteer);

    /// <summary>Who holds the claim, without taking it: a dry run of an import asks before anything is written.</summary>
    [Alias("Owner")]
    Task<VolunteerId?> Owner();
}

/// <summary>Keys of <see cref="IRegistrationClaimGrain"/>.</summary>
public static class RegistrationClaimKeys
{
    public static string Phone(string normalizedPhone) => "phone-" + normalizedPhone;

    // Only a hash is used as a key: keys appear in storage rows and logs, where an ID number must not.
    public static string IdNumber(ChineseIdNumber id) =>
        "id-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(id.Value)));
}
