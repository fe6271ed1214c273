using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mobilize.Drills.Running;

/// <summary>The server's public REST API as a phone or a command centre calls it. Every state-changing call carries an
/// <c>Idempotency-Key</c>, so a retry after a dropped connection or an overloaded server never acts twice.</summary>
public sealed class MobilizeClient(HttpClient http) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const int Attempts = 8;

    public HttpClient Http => http;

    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>Loopback only: the drill runner floods whatever it points at.</summary>
    /// <param name="token">The command centre's bearer token (an administrator's, for a drill that registers people);
    /// phones send their own volunteer tokens per request.</param>
    public static MobilizeClient Create(Uri server, string? token, int maxConnections = 256, TimeSpan? timeout = null)
    {
        if (!IsLoopback(server)) throw new ArgumentException($"The server must be on a loopback address (127.0.0.1), not {server.Host}.", nameof(server));
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) };
        var http = new HttpClient(handler) { BaseAddress = server, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new MobilizeClient(http);
    }

    /// <summary>The administrator token a server with the local issuer writes into its data folder at every start.</summary>
    public static async Task<string> AdministratorTokenAsync(string dataDirectory, CancellationToken cancellation = default) =>
        (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "administrator.token"), cancellation)).Trim();

    /// <summary>A volunteer token for a phone, minted by the administrator (<c>POST /api/tokens</c>).</summary>
    public async Task<string> VolunteerTokenAsync(string volunteerId, CancellationToken cancellation = default) =>
        (await Post("/api/tokens", new { role = "volunteer", volunteerId, lifetimeMinutes = 7 * 24 * 60 }, cancellation))!["token"]!.GetValue<string>();

    public static bool IsLoopback(Uri server) =>
        server.IsLoopback && (server.Host == "localhost" || (IPAddress.TryParse(server.Host, out var ip) && IPAddress.IsLoopback(ip)));

    /// <summary>Sends until the server answers; null on 2xx, the problem text on a refusal (4xx).</summary>
    public Task<JsonNode?> Post(string path, object body, CancellationToken cancellation = default) => Send(HttpMethod.Post, path, body, cancellation);

    public Task<JsonNode?> Put(string path, object body, CancellationToken cancellation = default) => Send(HttpMethod.Put, path, body, cancellation);

    public async Task<JsonNode?> Get(string path, CancellationToken cancellation = default, string? token = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, cancellation);
                if (response.IsSuccessStatusCode) return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellation));
                if (!Transient(response.StatusCode) || attempt == Attempts)
                    throw new DrillRequestException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}", response.StatusCode);
                wait = Backoff(response, attempt);
            }
            catch (HttpRequestException) when (attempt < Attempts && !cancellation.IsCancellationRequested)
            {
                wait = Backoff(null, attempt);
            }
            await Task.Delay(wait, cancellation);
        }
    }

    /// <summary>A refusal (4xx) is returned, not thrown: a phone answering a closed offer is part of a drill.</summary>
    public async Task<Answer> TrySend(HttpMethod method, string path, object body, CancellationToken cancellation = default, string? token = null)
    {
        var key = Guid.NewGuid().ToString("N");
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json) };
                request.Headers.Add("Idempotency-Key", key);
                if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, cancellation);
                var text = await response.Content.ReadAsStringAsync(cancellation);
                if (!Transient(response.StatusCode) || attempt == Attempts)
                    return new Answer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
                wait = Backoff(response, attempt);
            }
            catch (HttpRequestException) when (attempt < Attempts && !cancellation.IsCancellationRequested)
            {
                wait = Backoff(null, attempt);
            }
            await Task.Delay(wait, cancellation);
        }
    }

    private async Task<JsonNode?> Send(HttpMethod method, string path, object body, CancellationToken cancellation)
    {
        var answer = await TrySend(method, path, body, cancellation);
        return answer.Ok ? answer.Body : throw new DrillRequestException($"{method} {path}: {(int)answer.Status} {answer.Body?.ToJsonString()}", answer.Status);
    }

    /// <summary>What the server asked for in Retry-After (a rate limit, a server still starting), else a growing pause.</summary>
    private static TimeSpan Backoff(HttpResponseMessage? response, int attempt)
    {
        var own = TimeSpan.FromMilliseconds(200 * attempt);
        return response?.Headers.RetryAfter?.Delta is { } asked && asked > own ? asked : own;
    }

    private static bool Transient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    public void Dispose() => http.Dispose();

    public sealed record Answer(HttpStatusCode Status, JsonNode? Body)
    {
        public bool Ok => (int)Status is >= 200 and < 300;
    }
}

public sealed class DrillRequestException(string message, HttpStatusCode status) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
