using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Mobilize.Silo.Hosting;

namespace Mobilize.Api.Access;

/// <summary>The local issuer's HMAC key: from configuration when given, else created on first start in the data folder
/// and kept there, so tokens survive a restart.</summary>
public sealed class SigningKeys(IOptions<AuthOptions> auth, IOptions<SiloOptions> silo)
{
    public const string FileName = "signing.key";
    private const int KeyBytes = 32;
    private readonly Lazy<SymmetricSecurityKey> _key = new(() => Load(auth.Value, silo.Value));

    public SymmetricSecurityKey Key => _key.Value;

    public SigningCredentials Credentials => new(Key, SecurityAlgorithms.HmacSha256);

    private static SymmetricSecurityKey Load(AuthOptions auth, SiloOptions silo)
    {
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            var configured = Convert.FromBase64String(auth.SigningKey);
            if (configured.Length < KeyBytes)
                throw new InvalidOperationException($"Auth:SigningKey must be base64 of at least {KeyBytes} bytes.");
            return new SymmetricSecurityKey(configured) { KeyId = "configured" };
        }
        var path = Path.Combine(silo.DataDirectory, FileName);
        if (!File.Exists(path))
        {
            try
            {
                PrivateFile.Write(path + ".new", Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)));
                // Never overwrite: a second instance starting at the same moment keeps the key the first one wrote.
                File.Move(path + ".new", path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(path + ".new");
            }
        }
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim())) { KeyId = "local" };
    }
}
