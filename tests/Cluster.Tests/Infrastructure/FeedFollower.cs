using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

using Mobilize.TestKit.Cluster;

namespace Mobilize.Cluster.Tests.Infrastructure;

/// <summary>One stream followed the way the pages follow it, through the real .NET SignalR client: live batches as they
/// come, and on losing its node a new connection to the next node and a catch-up from the last sequence it holds. It
/// keeps every event by sequence number, so a test can tell a gap from a duplicate.</summary>
public sealed class FeedFollower : IAsyncDisposable
{
    private readonly IReadOnlyList<ApiSlot> _nodes;
    private readonly string _hub;
    private readonly string _token;
    private readonly string? _organisation;
    private readonly SortedDictionary<long, JsonNode> _events = [];
    private readonly List<string> _problems = [];
    private readonly SemaphoreSlim _switching = new(1, 1);
    private HubConnection? _connection;
    private int _node;
    private bool _disposed;

    private FeedFollower(IReadOnlyList<ApiSlot> nodes, int node, string hub, string token, string? organisation)
    {
        _nodes = nodes;
        _node = node;
        _hub = hub;
        _token = token;
        _organisation = organisation;
    }

    /// <summary>The stream's name as the feed writes it ("volunteer/…", "organisation/…").</summary>
    public string Stream { get; private set; } = "";

    /// <summary>The sequence the stream had reached when this follower first joined; it holds everything after.</summary>
    public long Baseline { get; private set; }

    public int Reconnects { get; private set; }

    public ApiSlot Node => _nodes[_node];

    /// <summary>A phone on <c>/hubs/volunteer</c>, following its volunteer's own stream.</summary>
    public static Task<FeedFollower> PhoneAsync(IReadOnlyList<ApiSlot> nodes, int node, Member volunteer) =>
        StartAsync(new FeedFollower(nodes, node, "/hubs/volunteer", volunteer.Token, null) { Stream = $"volunteer/{volunteer.Id}" });

    /// <summary>A command dashboard on <c>/hubs/command</c>, following an organisation's stream.</summary>
    public static Task<FeedFollower> DashboardAsync(IReadOnlyList<ApiSlot> nodes, int node, string token, string organisation) =>
        StartAsync(new FeedFollower(nodes, node, "/hubs/command", token, organisation) { Stream = $"organisation/{organisation}" });

    private static async Task<FeedFollower> StartAsync(FeedFollower follower)
    {
        follower.Baseline = await follower.ConnectAsync(catchUp: false);
        return follower;
    }

    public IReadOnlyList<JsonNode> Events
    {
        get { lock (_events) return [.. _events.Values]; }
    }

    public IReadOnlyList<string> Problems
    {
        get { lock (_events) return [.. _problems]; }
    }

    /// <summary>Sequence numbers after <see cref="Baseline"/> up to the highest held that never arrived.</summary>
    public IReadOnlyList<long> Gaps()
    {
        lock (_events)
        {
            if (_events.Count == 0) return [];
            var last = _events.Keys.Max();
            return [.. Enumerable.Range(0, (int)(last - Baseline)).Select(i => Baseline + 1 + i).Where(s => !_events.ContainsKey(s))];
        }
    }

    /// <summary>Offer ids of the given kind of event held, e.g. every <c>offer-sent</c>.</summary>
    public IReadOnlySet<string> Offers(string kind) =>
        Events.Where(e => (string?)e["kind"] == kind && e["offer"] is not null).Select(e => (string)e["offer"]!).ToHashSet();

    private async Task<long> ConnectAsync(bool catchUp)
    {
        var node = _nodes[_node];
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node.Address, _hub), HttpTransportType.WebSockets, o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(_token);
                o.SkipNegotiation = true;
            })
            .Build();
        connection.On<JsonArray>("Live", batch =>
        {
            foreach (var item in batch) Hold(item!);
        });
        connection.Closed += error =>
        {
            // The node died: move on, as a load balancer would send the page's next connection elsewhere.
            if (!_disposed && ReferenceEquals(_connection, connection)) _ = Task.Run(SwitchNodeAsync);
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        try
        {
            var last = _organisation is null
                ? await connection.InvokeAsync<long>("LastSequence")
                : await connection.InvokeAsync<long>("JoinOrganisation", _organisation);
            if (catchUp) await CatchUpAsync(connection);
            _connection = connection;
            // Closed may have fired before the assignment, when it was not yet this follower's connection to lose.
            if (connection.State == HubConnectionState.Disconnected && !_disposed) _ = Task.Run(SwitchNodeAsync);
            return last;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task CatchUpAsync(HubConnection connection)
    {
        // The hub answers a page at a time, as the pages do: ask until it says there is no more.
        JsonNode result;
        do
        {
            long after;
            lock (_events) after = Contiguous();
            result = _organisation is null
                ? await connection.InvokeAsync<JsonNode>("CatchUp", after)
                : await connection.InvokeAsync<JsonNode>("CatchUp", Stream, after);
            if ((bool)result["snapshotNeeded"]!)
                lock (_events) _problems.Add($"catch-up after {after} needed a snapshot");
            foreach (var item in result["events"]!.AsArray()) Hold(item!.DeepClone());
        } while ((bool?)result["more"] == true);
    }

    /// <summary>The highest sequence up to which nothing is missing.</summary>
    private long Contiguous()
    {
        var at = Baseline;
        while (_events.ContainsKey(at + 1)) at++;
        return at;
    }

    private void Hold(JsonNode item)
    {
        lock (_events)
        {
            if ((string?)item["stream"] != Stream)
            {
                _problems.Add($"event of another stream: {item.ToJsonString()}");
                return;
            }
            var sequence = (long)item["sequence"]!;
            if (sequence <= Baseline) return;
            if (_events.TryGetValue(sequence, out var held) && (string?)held["kind"] != (string?)item["kind"])
                _problems.Add($"sequence {sequence} is both {held.ToJsonString()} and {item.ToJsonString()}");
            _events[sequence] = item;
        }
    }

    private async Task SwitchNodeAsync()
    {
        await _switching.WaitAsync();
        try
        {
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
            while (!_disposed && DateTimeOffset.UtcNow < deadline)
            {
                _node = (_node + 1) % _nodes.Count;
                try
                {
                    Reconnects++;
                    await ConnectAsync(catchUp: true);
                    return;
                }
                catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidOperationException
                                                      or Microsoft.AspNetCore.SignalR.HubException or TaskCanceledException)
                {
                    await Task.Delay(250);
                }
            }
            lock (_events) _problems.Add("could not reconnect to any node within 60 s");
        }
        finally
        {
            _switching.Release();
        }
    }

    /// <summary>Completes once the follower holds an event satisfying <paramref name="condition"/>.</summary>
    public async Task<bool> WaitForAsync(Func<IReadOnlyList<JsonNode>, bool> condition, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (condition(Events)) return true;
            await Task.Delay(100);
        }
        return condition(Events);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_connection is not null)
        {
            try
            {
                await _connection.DisposeAsync();
            }
            catch (Exception)
            {
                // The node may be gone already; nothing to close then.
            }
        }
    }
}
