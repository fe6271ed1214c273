using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Mobilize.TestKit.Cluster;

/// <summary>What one request came to: <see cref="Status"/> is null when no HTTP answer came back at all.</summary>
public sealed record Outcome(HttpStatusCode? Status, string Body, TimeSpan Elapsed, int Attempts, DateTimeOffset At)
{
    public bool Acknowledged => Status is { } s && (int)s is >= 200 and < 300;

    /// <summary>An answer that decides the request (success or a refusal), as opposed to "try again".</summary>
    public bool Decided => Status is { } s && (int)s < 500;

    public JsonNode Json => JsonNode.Parse(Body)!;

    public override string ToString() => $"{(Status is { } s ? (int)s : "no answer")} after {Attempts} attempt(s): {Body}";
}

/// <summary>Requests as a phone or the dashboard sends them: JSON, a bearer token, an <c>Idempotency-Key</c> kept across
/// retries, and retries only for answers that do not decide anything.</summary>
public static class Calls
{
    public static HttpRequestMessage Request(HttpMethod method, string url, object? body = null, string? token = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    public static async Task<Outcome> SendOnceAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            using var response = await client.SendAsync(request, cancel.Token);
            return new Outcome(response.StatusCode, await response.Content.ReadAsStringAsync(cancel.Token), watch.Elapsed, 1, DateTimeOffset.UtcNow);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Outcome(null, exception.Message, watch.Elapsed, 1, DateTimeOffset.UtcNow);
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>Sends until an answer decides the request, taking the next node for each retry, as a phone behind a load
    /// balancer would; gives up after <paramref name="within"/>.</summary>
    public static async Task<Outcome> SendUntilDecidedAsync(IReadOnlyList<HttpClient> nodes, Func<HttpRequestMessage> request, TimeSpan within, int firstNode = 0)
    {
        var watch = Stopwatch.StartNew();
        Outcome last;
        var attempt = 0;
        while (true)
        {
            var client = nodes[(firstNode + attempt) % nodes.Count];
            attempt++;
            last = await SendOnceAsync(client, request(), TimeSpan.FromSeconds(15));
            if (last.Decided || watch.Elapsed > within) return last with { Attempts = attempt, Elapsed = watch.Elapsed };
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * attempt)));
        }
    }

    /// <summary>The body of a call that must succeed, with what came back when it does not.</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpClient client, HttpRequestMessage request, HttpStatusCode status = HttpStatusCode.OK)
    {
        var description = $"{request.Method} {request.RequestUri}";
        var outcome = await SendOnceAsync(client, request, TimeSpan.FromSeconds(60));
        Assert.True(outcome.Status == status, $"{description}: expected {(int)status}, got {outcome}");
        return outcome.Body.Length == 0 ? new JsonObject() : outcome.Json;
    }

    public static Task<JsonNode> GetJsonAsync(this HttpClient client, string url) => client.ExpectAsync(Request(HttpMethod.Get, url));

    /// <summary>A read after a failure, as a dashboard makes it: a 503 ("try again", while the survivors settle which
    /// silo holds what) is retried on the next node; the first answer that decides must be 200.</summary>
    public static async Task<JsonNode> ReadAfterFailureAsync(this IReadOnlyList<HttpClient> nodes, string url, int firstNode = 0)
    {
        var outcome = await SendUntilDecidedAsync(nodes, () => Request(HttpMethod.Get, url), TimeSpan.FromSeconds(90), firstNode);
        Assert.True(outcome.Status == HttpStatusCode.OK, $"GET {url}: expected 200, got {outcome}");
        return outcome.Json;
    }
}
