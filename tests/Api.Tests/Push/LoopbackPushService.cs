using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mobilize.Api.Tests.Push;

/// <summary>A push service on loopback (a real Kestrel): it takes what the server sends to a subscription's endpoint
/// (RFC 8030) and answers with <see cref="NextStatus"/>. <see cref="Browser"/> plays the phone: it holds the
/// subscription's keys and decrypts a message as a browser would (RFC 8291).</summary>
public sealed class LoopbackPushService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<PushRequest> _received = Channel.CreateUnbounded<PushRequest>();

    private LoopbackPushService(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public int NextStatus { get; set; } = StatusCodes.Status201Created;

    public static async Task<LoopbackPushService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var service = new LoopbackPushService(app);
        app.MapPost("/push/{id}", async (string id, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            service._received.Writer.TryWrite(new PushRequest(id, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
            return Results.StatusCode(service.NextStatus);
        });
        await app.StartAsync();
        service.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return service;
    }

    public string Endpoint(string id) => new Uri(Address, $"/push/{id}").ToString();

    public async Task<PushRequest> NextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTake(out PushRequest? request) => _received.Reader.TryRead(out request);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record PushRequest(string Id, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>The receiving side of RFC 8291: a P-256 key pair and a 16-byte auth secret, as a browser makes for a
/// subscription, and the decryption of an aes128gcm message (RFC 8188) sent to it.</summary>
public sealed class Browser : IDisposable
{
    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public byte[] AuthSecret { get; } = RandomNumberGenerator.GetBytes(16);

    public byte[] PublicKey
    {
        get
        {
            var q = _key.ExportParameters(false).Q;
            return [0x04, .. q.X!, .. q.Y!];
        }
    }

    public string P256dh => Base64Url.EncodeToString(PublicKey);

    public string Auth => Base64Url.EncodeToString(AuthSecret);

    public string Decrypt(byte[] body)
    {
        // RFC 8188 §2.1 header: salt (16) | record size (4) | key id length (1) | key id = the sender's public key (RFC 8291 §4).
        var salt = body[..16];
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        int idLength = body[20];
        Assert.Equal(65, idLength);
        var senderPublic = body[21..(21 + idLength)];
        var ciphertext = body[(21 + idLength)..];
        Assert.True(ciphertext.Length <= recordSize, "one record");

        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = senderPublic[1..33], Y = senderPublic[33..65] },
        });
        var ecdhSecret = _key.DeriveRawSecretAgreement(sender.PublicKey);
        // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" 0x00 ua_public as_public, 32).
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. PublicKey, .. senderPublic];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, ecdhSecret, 32, AuthSecret, keyInfo);
        // RFC 8188 §2.2 and §2.3: the content encryption key and the nonce from the salt.
        var cek = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, "Content-Encoding: nonce\0"u8.ToArray());

        var plain = new byte[ciphertext.Length - 16];
        using (var aes = new AesGcm(cek, 16))
            aes.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], plain);
        // The last record ends with the delimiter 0x02, then any padding of zeros (RFC 8188 §2).
        var end = plain.Length - 1;
        while (end >= 0 && plain[end] == 0) end--;
        Assert.True(end >= 0 && plain[end] == 2, "the last record's padding delimiter");
        return Encoding.UTF8.GetString(plain, 0, end);
    }

    public void Dispose() => _key.Dispose();
}

/// <summary>RFC 8292: the <c>Authorization: vapid t=JWT, k=public key</c> header, its ES256 signature checked with k.</summary>
public static class Vapid
{
    public static (JsonNode Claims, string PublicKey) Verify(string authorization)
    {
        Assert.StartsWith("vapid ", authorization);
        var parameters = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var jwt = parameters["t"];
        var publicKey = Base64Url.DecodeFromChars(parameters["k"]);
        Assert.Equal(65, publicKey.Length);
        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
        Assert.Equal("ES256", (string?)header["alg"]);
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..65] },
        });
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256),
            "the VAPID JWT's ES256 signature verifies with the k= key");
        return (JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!, parameters["k"]);
    }
}
