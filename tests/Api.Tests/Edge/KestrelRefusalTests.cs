using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Mobilize.Api.Tests.Infrastructure;

namespace Mobilize.Api.Tests.Edge;

/// <summary>What the real server on Kestrel refuses before any route is chosen still answers with a problem document,
/// as far as the application can reach: Kestrel's URL decoder refuses <c>%00</c> before any request exists, with a bare 400.</summary>
public sealed class KestrelRefusalTests() : RealServerTest("kestrel")
{
    [Fact]
    public async Task an_over_long_address_is_a_414_problem()
    {
        var (status, contentType, body) = await SendRawAsync($"GET /api/volunteers/{new string('v', 20_000)} HTTP/1.1");
        Assert.Equal(414, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("urn:mobilize:problem:too-large", (string?)JsonNode.Parse(body)!["type"]);
    }

    // A raw socket: HttpClient would itself refuse or rewrite some of these request lines.
    private async Task<(int Status, string? ContentType, string Body)> SendRawAsync(string requestLine)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(Server.Address.Host, Server.Address.Port);
        var stream = socket.GetStream();
        var token = File.ReadAllText(Path.Combine(DataDirectory, "administrator.token")).Trim();
        var request = $"{requestLine}\r\nHost: {Server.Address.Authority}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var head = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var contentType = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim().Split(';')[0]).FirstOrDefault();
        var body = response[(head.Length + 4)..];
        if (lines.Any(l => l.StartsWith("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))) body = Unchunk(body);
        return (status, contentType, body);
    }

    private static string Unchunk(string chunked)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..end], 16);
            if (size == 0) return result.ToString();
            result.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }
    }
}
