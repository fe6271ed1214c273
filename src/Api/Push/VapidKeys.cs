using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Mobilize.Api.Access;
using Mobilize.Silo.Hosting;

namespace Mobilize.Api.Push;

/// <summary>The server's VAPID key pair (RFC 8292): phones subscribe with the public key, and every push is signed with
/// the private one, so a push service takes messages for those subscriptions from this server only.</summary>
public sealed class VapidKeys(IOptions<PushOptions> push, IOptions<SiloOptions> silo)
{
    public const string FileName = "vapid.json";
    private readonly Lazy<(string Public, string Private)> _pair = new(() => Load(push.Value, silo.Value));

    public string PublicKey => _pair.Value.Public;

    public string PrivateKey => _pair.Value.Private;

    private static (string, string) Load(PushOptions push, SiloOptions silo)
    {
        if (!string.IsNullOrWhiteSpace(push.VapidPublicKey) && !string.IsNullOrWhiteSpace(push.VapidPrivateKey))
            return (push.VapidPublicKey, push.VapidPrivateKey);
        var path = Path.Combine(silo.DataDirectory, FileName);
        if (!File.Exists(path))
        {
            try
            {
                PrivateFile.Write(path + ".new", JsonSerializer.Serialize(Generate()));
                // Never overwrite: a second instance starting at the same moment keeps the pair the first one wrote.
                File.Move(path + ".new", path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(path + ".new");
            }
        }
        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} holds no VAPID key pair.");
        return (stored.PublicKey, stored.PrivateKey);
    }

    private static Stored Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        byte[] publicKey = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
        return new Stored(Base64Url.EncodeToString(publicKey), Base64Url.EncodeToString(parameters.D!));
    }

    private sealed record Stored(string PublicKey, string PrivateKey);
}
