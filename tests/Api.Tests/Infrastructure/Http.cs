using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Mobilize.Api.Tests.Infrastructure;

/// <summary>Requests the way a client writes them: JSON in, JSON (or problem JSON) out.</summary>
public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object? body, string? idempotencyKey = null) =>
        client.SendAsync(Request(HttpMethod.Post, url, body is null ? null : JsonSerializer.Serialize(body, Json), idempotencyKey));

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object? body, string? idempotencyKey = null) =>
        client.SendAsync(Request(HttpMethod.Put, url, body is null ? null : JsonSerializer.Serialize(body, Json), idempotencyKey));

    public static Task<HttpResponseMessage> SendRaw(this HttpClient client, HttpMethod method, string url, string? json, string? idempotencyKey = null) =>
        client.SendAsync(Request(method, url, json, idempotencyKey));

    public static HttpRequestMessage Request(HttpMethod method, string url, string? json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    public static async Task<JsonNode> ReadJson(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    /// <summary>The body, after checking the status; on a mismatch the message shows the body, which is what one needs to see.</summary>
    public static async Task<JsonNode> Expect(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static async Task<T> Expect<T>(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var node = await response.Expect(status);
        return node.Deserialize<T>(Json)!;
    }

    /// <summary>The field names of a validation problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonNode problem) =>
        problem["errors"]?.AsObject().Select(p => p.Key).ToList() ?? [];
}
