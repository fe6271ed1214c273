using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Mobilize.Drills.Phones;

/// <summary>A phone's connection to <c>/hubs/volunteer</c> through the .NET SignalR client, over a WebSocket.</summary>
internal sealed class HubFeed : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancelled;

    private HubFeed(HubConnection connection, CancellationToken cancellation)
    {
        _connection = connection;
        // No automatic reconnect: the fleet reconnects itself, with a fresh token if need be, and catches up on connect;
        // a connection the server closed (token expired or revoked) must end Run, not be retried here.
        _connection.Closed += e =>
        {
            if (e is null) _closed.TrySetResult();
            else _closed.TrySetException(e);
            return Task.CompletedTask;
        };
        _cancelled = cancellation.Register(() => _closed.TrySetCanceled(cancellation));
    }

    /// <summary>Connects; <paramref name="onLive"/> gets each <c>Live</c> batch in order (the client runs a connection's
    /// handlers one at a time).</summary>
    /// <param name="token">The volunteer's own token: the hub listens to the stream of the volunteer it names.</param>
    public static async Task<HubFeed> ConnectAsync(Uri server, string token, Func<JsonArray, Task> onLive, CancellationToken cancellation)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/volunteer"), HttpTransportType.WebSockets, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                // Straight to the WebSocket: no negotiate request, so a drill's thousands of phones need no HTTP client each.
                o.SkipNegotiation = true;
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)))
            .Build();
        var feed = new HubFeed(connection, cancellation);
        connection.On<JsonArray>("Live", onLive);
        try
        {
            await connection.StartAsync(cancellation);
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }
        return feed;
    }

    /// <summary>Ends when the server closes the connection, the connection fails or the token is cancelled.</summary>
    public Task Run => _closed.Task;

    public Task<JsonNode?> InvokeAsync(string target, object?[] arguments, CancellationToken cancellation) =>
        _connection.InvokeCoreAsync<JsonNode?>(target, arguments, cancellation);

    public async ValueTask DisposeAsync()
    {
        await _cancelled.DisposeAsync();
        try
        {
            // Stopping is what a phone losing its network does anyway; nothing it throws on the way out matters.
            await _connection.DisposeAsync();
        }
        catch (Exception)
        {
        }
        _closed.TrySetResult();
    }
}
