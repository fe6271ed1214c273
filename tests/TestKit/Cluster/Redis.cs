using System.Net.Sockets;
using System.Text;

namespace Mobilize.TestKit.Cluster;

/// <summary>Just enough of Redis' wire protocol for the fixture: check the server answers, and remove a finished test
/// cluster's membership rows. The silos bring their own client; the tests need no package for three commands.</summary>
public static class Redis
{
    public const string EnvironmentVariable = "MOBILIZE_TEST_REDIS";

    /// <summary><c>host:port</c>, as Orleans' Redis clustering takes it.</summary>
    public static string Address =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : "127.0.0.1:6379";

    public static async Task PingAsync()
    {
        try
        {
            var reply = await SendAsync(["PING"]);
            if (reply as string != "PONG") throw new InvalidOperationException($"PING answered {reply}");
        }
        catch (Exception exception) when (exception is SocketException or IOException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"No Redis at {Address} ({exception.Message}); run tools/ci/redis.sh as root, or set {EnvironmentVariable}.", exception);
        }
    }

    /// <summary>Deletes every key naming <paramref name="clusterId"/>; ids are fresh GUIDs, so nothing else matches.</summary>
    public static async Task DeleteKeysContainingAsync(string clusterId)
    {
        var cursor = "0";
        do
        {
            var page = (object?[])(await SendAsync(["SCAN", cursor, "MATCH", $"*{clusterId}*", "COUNT", "1000"]))!;
            cursor = (string)page[0]!;
            var keys = ((object?[])page[1]!).Cast<string>().ToArray();
            if (keys.Length > 0) await SendAsync(["DEL", .. keys]);
        }
        while (cursor != "0");
    }

    private static async Task<object?> SendAsync(string[] command)
    {
        var colon = Address.LastIndexOf(':');
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(Address[..colon], int.Parse(Address[(colon + 1)..]), timeout.Token);
        var stream = client.GetStream();
        var request = new StringBuilder($"*{command.Length}\r\n");
        foreach (var part in command) request.Append($"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await ReadAsync(reader);
    }

    private static async Task<object?> ReadAsync(StreamReader reader)
    {
        var line = await reader.ReadLineAsync() ?? throw new IOException("Redis closed the connection.");
        var body = line[1..];
        switch (line[0])
        {
            case '+':
                return body;
            case ':':
                return long.Parse(body);
            case '-':
                throw new InvalidOperationException($"Redis: {body}");
            case '$':
                if (body == "-1") return null;
                var buffer = new char[int.Parse(body) + 2];
                var read = 0;
                while (read < buffer.Length) read += await reader.ReadAsync(buffer.AsMemory(read));
                return new string(buffer, 0, buffer.Length - 2);
            case '*':
                var items = new object?[int.Parse(body)];
                for (var i = 0; i < items.Length; i++) items[i] = await ReadAsync(reader);
                return items;
            default:
                throw new IOException($"Unexpected Redis reply '{line}'.");
        }
    }
}
