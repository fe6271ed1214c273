using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mobilize.Drills.Phones;

/// <summary>A phone's connection to <c>/hubs/volunteer</c>, speaking SignalR's JSON hub protocol over a plain WebSocket
/// (the .NET SignalR client cannot be restored here): negotiate, handshake, invocations (1), completions (3), pings (6),
/// close (7); every message ends with the record separator 0x1E.</summary>
internal sealed class HubFeed : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private int _nextInvocation;

    private HubFeed()
    {
    }

    /// <summary>Connects and completes the handshake; <paramref name="onLive"/> gets each <c>Live</c> batch in order.</summary>
    /// <param name="token">The volunteer's own token: the hub listens to the stream of the volunteer it names. Sent as
    /// <c>access_token</c> in the query, as browsers must for WebSockets.</param>
    public static async Task<HubFeed> ConnectAsync(HttpClient http, string token, Func<JsonArray, Task> onLive, CancellationToken cancellation)
    {
        var query = $"access_token={Uri.EscapeDataString(token)}";
        using var negotiate = await http.PostAsync($"/hubs/volunteer/negotiate?negotiateVersion=1&{query}", null, cancellation);
        negotiate.EnsureSuccessStatusCode();
        var connectionToken = (await negotiate.Content.ReadFromJsonAsync<JsonObject>(cancellation))?["connectionToken"]?.GetValue<string>()
                    ?? throw new InvalidOperationException("negotiate returned no connectionToken");
        var feed = new HubFeed();
        var server = http.BaseAddress!;
        var uri = new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = "/hubs/volunteer", Query = $"{query}&id={Uri.EscapeDataString(connectionToken)}" }.Uri;
        await feed._socket.ConnectAsync(uri, cancellation);
        await feed.SendAsync("{\"protocol\":\"json\",\"version\":1}", cancellation);
        var handshake = await feed.ReceiveMessagesAsync(cancellation);
        if (handshake is not [var reply, ..] || JsonNode.Parse(reply)?["error"] is { } error)
            throw new InvalidOperationException($"hub handshake failed: {handshake.FirstOrDefault()}");
        feed.Run = feed.ReceiveLoop(onLive, cancellation);
        return feed;
    }

    /// <summary>Ends when the server closes the connection, the socket fails or the token is cancelled.</summary>
    public Task Run { get; private set; } = Task.CompletedTask;

    public async Task<JsonNode?> InvokeAsync(string target, object?[] arguments, CancellationToken cancellation)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString();
        var completion = _pending[id] = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = new JsonObject { ["type"] = 1, ["invocationId"] = id, ["target"] = target, ["arguments"] = JsonSerializer.SerializeToNode(arguments) };
        await SendAsync(message.ToJsonString(), cancellation);
        return await completion.Task.WaitAsync(cancellation);
    }

    private async Task ReceiveLoop(Func<JsonArray, Task> onLive, CancellationToken cancellation)
    {
        using var pings = new PeriodicTimer(PingInterval);
        var pinging = PingLoop(pings, cancellation);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                var messages = await ReceiveMessagesAsync(cancellation);
                if (messages.Count == 0) return;
                foreach (var text in messages)
                {
                    var message = JsonNode.Parse(text)!;
                    var type = message["type"]?.GetValue<int>();
                    var target = message["target"]?.GetValue<string>();
                    var invocation = message["invocationId"]?.GetValue<string>();
                    switch (type)
                    {
                        case 1 when target == "Live" && (message["arguments"]?[0]) is JsonArray events:
                            await onLive(events);
                            break;
                        case 3 when invocation is not null && _pending.TryRemove(invocation, out var waiting):
                            if (message["error"] is { } error) waiting.TrySetException(new InvalidOperationException(error.ToString()));
                            else waiting.TrySetResult(message["result"]?.DeepClone());
                            break;
                        case 7:
                            return;
                    }
                }
            }
        }
        finally
        {
            pings.Dispose();
            await pinging;
            foreach (var waiting in _pending.Values) waiting.TrySetCanceled(cancellation.IsCancellationRequested ? cancellation : default);
        }
    }

    private async Task PingLoop(PeriodicTimer timer, CancellationToken cancellation)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation)) await SendAsync("{\"type\":6}", cancellation);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The receive loop notices the same end and reports it.
        }
    }

    private async Task SendAsync(string json, CancellationToken cancellation)
    {
        var bytes = Encoding.UTF8.GetBytes(json + RecordSeparator);
        await _sending.WaitAsync(cancellation);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellation);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>One WebSocket message, split into hub messages; empty when the server closed.</summary>
    private async Task<List<string>> ReceiveMessagesAsync(CancellationToken cancellation)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), cancellation);
            if (result.MessageType == WebSocketMessageType.Close) return [];
            buffer.Advance(result.Count);
            if (result.EndOfMessage) break;
        }
        return [.. Encoding.UTF8.GetString(buffer.WrittenSpan).Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Dropping the connection is what a phone losing its network does anyway.
            }
        }
        _socket.Dispose();
        try
        {
            await Run;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
