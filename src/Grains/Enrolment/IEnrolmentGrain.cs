using System.Security.Cryptography;
using System.Text;
using Mobilize.Grains.Shared;

namespace Mobilize.Grains.Enrolment;

/// <summary>One one-time enrolment link (keyed by <see cref="EnrolmentKeys.For"/> of its code): created for a registered
/// volunteer, redeemed once for the volunteer's sign-in, refused after that or once it has expired.</summary>
[Alias("mobilize.enrolment.enrolment-grain")]
public interface IEnrolmentGrain : IGrainWithStringKey
{
    /// <summary>Creates the link; the same request again is answered as before.</summary>
    [Alias("Create")]
    Task<Outcome<EnrolmentView>> Create(VolunteerId volunteer, DateTimeOffset expiresAt);

    /// <summary>Marks the link used and names the volunteer it was for; a second redemption is refused.</summary>
    [Alias("Redeem")]
    Task<Outcome<EnrolmentView>> Redeem();
}

/// <param name="CreatedAt">When the link was made: a link is a sign-in waiting to happen, so a revocation of the
/// volunteer after it refuses it as it refuses their tokens issued until then (none for links of earlier releases).</param>
[GenerateSerializer, Immutable, Alias("mobilize.enrolment.enrolment-view")]
public sealed record EnrolmentView(VolunteerId Volunteer, DateTimeOffset ExpiresAt, DateTimeOffset? RedeemedAt, DateTimeOffset? CreatedAt = null);

public static class EnrolmentKeys
{
    // Only a hash is the key: keys appear in storage rows and logs, where a usable code must not.
    public static string For(string code) => "enrol-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    /// <summary>A fresh code: 128 random bits, URL-safe.</summary>
    public static string NewCode() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
