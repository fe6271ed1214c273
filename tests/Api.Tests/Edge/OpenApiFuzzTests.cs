using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mobilize.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Mobilize.Api.Tests.Edge;

/// <summary>Reads the server's own OpenAPI document and, for every operation, sends what no client should: wrong types,
/// missing required and unknown fields, values beyond the published bounds, bodies in bad encodings, hostile path
/// segments and query values. Every answer must be a 4xx problem document, never a 5xx or a 2xx; and nothing any
/// refusal touched may have changed, which is checked by reading every resource the world holds (profiles, statuses,
/// teams, offers, incidents, plans, exercises, the audit log, revocations, the volunteer's feed) before and after each
/// operation's cases. Seeded, so a failure replays exactly.</summary>
public sealed partial class OpenApiFuzzTests(MobilizeAppFixture fixture, ITestOutputHelper output) : IClassFixture<MobilizeAppFixture>
{
    private const int Seed = 12;
    private readonly HttpClient _client = fixture.App.CreateClient();

    [Fact]
    public async Task every_operation_refuses_bad_input_with_a_4xx_problem_and_changes_nothing()
    {
        var world = await FuzzWorld.BuildAsync(new World(_client));
        var document = await (await _client.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var random = new Random(Seed);
        var failures = new List<string>();
        var sent = 0;

        foreach (var (path, item) in document["paths"]!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "delete").OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                if (!path.StartsWith("/api/", StringComparison.Ordinal)) continue;
                var cases = Cases(path, method, operation!, schemas, world, random).ToList();
                var before = await world.SnapshotAsync();
                foreach (var fuzz in cases)
                {
                    sent++;
                    var response = await _client.SendAsync(fuzz.Build());
                    var status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync();
                    var what = $"{method.ToUpperInvariant()} {path} [{fuzz.Name}] → {status}";
                    if (status >= 500) failures.Add($"{what} (a 5xx): {Cut(body)}");
                    else if (status < 400) failures.Add($"{what} (accepted invalid input): {Cut(body)}");
                    else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        failures.Add($"{what} without a problem document ({response.Content.Headers.ContentType?.MediaType ?? "no body"})");
                    else if (fuzz.Field is { } field && status == 400 && !NamesField(body, field))
                        failures.Add($"{what} does not name {field}: {Cut(body)}");
                }
                var after = await world.SnapshotAsync();
                if (before != after) failures.Add($"{method.ToUpperInvariant()} {path}: a refusal changed state:\n{Diff(before, after)}");
            }
        }
        output.WriteLine($"{sent} requests, seed {Seed}");
        Assert.True(sent > 500, $"only {sent} requests were generated");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests:\n" + string.Join("\n", failures.Take(60)));
    }

    private static IEnumerable<Fuzz> Cases(string path, string method, JsonNode operation, JsonObject schemas, FuzzWorld world, Random random)
    {
        var http = new HttpMethod(method.ToUpperInvariant());
        var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
        var pathParameters = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } s ? Resolve(s, schemas) : null;
        var body = bodySchema is null ? null : world.Valid(bodySchema, schemas, "");
        string Url(Dictionary<string, string>? overrides = null) =>
            PathParameter().Replace(path, m => overrides?.GetValueOrDefault(m.Groups[1].Value) ?? world.PathValue(path, m.Groups[1].Value));
        var url = Url();
        var json = body?.ToJsonString();

        // Hostile path segments, each parameter in turn; the body stays whole so only the segment is wrong.
        foreach (var name in pathParameters)
            foreach (var segment in HostileSegments(random))
                yield return new Fuzz($"path {name}={Cut(segment, 20)}", http, Url(new() { [name] = segment }), json, "application/json");

        // Query parameters of the wrong type or beyond their bounds; the rest of the request is valid.
        foreach (var parameter in parameters.Where(p => (string?)p["in"] == "query"))
        {
            var name = (string)parameter["name"]!;
            var schema = Resolve(parameter["schema"]!, schemas);
            foreach (var value in BadQueryValues(schema, random))
                yield return new Fuzz($"query {name}={Cut(value, 20)}", http, $"{url}?{name}={Uri.EscapeDataString(value)}", json, "application/json", name);
        }

        if (bodySchema is null) yield break;

        // Bodies no JSON reader should take.
        yield return new Fuzz("no body", http, url, null, null);
        yield return new Fuzz("charset=bogus", http, url, json, "application/json; charset=bogus");
        yield return new Fuzz("charset=utf-16", http, url, json, "application/json; charset=utf-16");
        yield return new Fuzz("text/plain", http, url, json, "text/plain");
        yield return new Fuzz("form", http, url, "a=1", "application/x-www-form-urlencoded");
        yield return new Fuzz("truncated", http, url, json![..(json!.Length / 2)], "application/json");
        yield return new Fuzz("null", http, url, "null", "application/json");
        yield return new Fuzz("array", http, url, "[" + json + "]", "application/json");
        yield return new Fuzz("invalid utf-8", http, url, null, "application/json", Bytes: [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        yield return new Fuzz("unknown field", http, url, With(body!, b => b["fuzzUnknown"] = 1), "application/json", "fuzzUnknown");

        // Field by field, at every depth: missing when required, of the wrong type, beyond its bounds.
        foreach (var (field, schema, required) in Fields(bodySchema, schemas, ""))
        {
            if (required)
                yield return new Fuzz($"missing {field}", http, url, With(body!, b => Remove(b, field)), "application/json", field);
            foreach (var wrong in WrongTypes(schema))
                yield return new Fuzz($"wrong type {field}={Cut(wrong.ToJsonString(), 20)}", http, url, With(body!, b => Set(b, field, wrong)), "application/json", field);
            foreach (var (label, value) in OutOfBounds(schema, Get(body!, field), random))
                yield return new Fuzz($"{label} {field}", http, url, With(body!, b => Set(b, field, value)), "application/json", field);
        }
    }

    private static IEnumerable<string> HostileSegments(Random random)
    {
        yield return new string('a', 7000);
        yield return "has space";
        yield return "quote\"d";
        yield return "..%2F..%2Fetc";
        // %00 itself the in-memory server's own URL decoder refuses before any request exists; KestrelRefusalTests sends it.
        yield return "%01";
        yield return "%FF%FE";
        yield return "' OR 1=1 --";
        yield return new string((char)('a' + random.Next(26)), 65);
    }

    private static IEnumerable<string> BadQueryValues(JsonNode schema, Random random)
    {
        var type = TypeOf(schema);
        if (type is "integer" or "number")
        {
            yield return "bogus";
            yield return "1e999";
            yield return random.Next(2) == 0 ? "-99999999999999999999" : "99999999999999999999";
        }
        else if (type == "boolean")
        {
            yield return "5";
            yield return "bogus";
        }
        else if (schema["enum"] is JsonArray)
        {
            yield return "5";
            yield return "bogus";
        }
        else if ((string?)schema["format"] is "date" or "date-time")
        {
            yield return "bogus";
            yield return "20260720";
        }
        else if (schema["maxLength"] is { } max)
            yield return new string('q', (int)max + 1);
    }

    private static IEnumerable<JsonNode> WrongTypes(JsonNode schema)
    {
        if (schema["enum"] is JsonArray) yield return JsonValue.Create(987)!;
        switch (TypeOf(schema))
        {
            case "string":
                yield return JsonValue.Create(12345)!;
                yield return new JsonObject { ["nested"] = new JsonArray(1, 2) };
                break;
            case "integer":
                yield return JsonValue.Create("seven")!;
                yield return JsonValue.Create(1.5)!;
                break;
            case "number":
                yield return JsonValue.Create("north")!;
                yield return new JsonArray();
                break;
            case "boolean":
                yield return JsonValue.Create("true")!;
                yield return JsonValue.Create(1)!;
                break;
            case "array":
                yield return new JsonObject();
                yield return JsonValue.Create("list")!;
                break;
            case "object":
                yield return new JsonArray();
                yield return JsonValue.Create(42)!;
                break;
        }
    }

    private static IEnumerable<(string Label, JsonNode Value)> OutOfBounds(JsonNode schema, JsonNode? valid, Random random)
    {
        if (schema["maxLength"] is { } maxLength)
            yield return ("too long", JsonValue.Create(new string((char)('a' + random.Next(26)), (int)maxLength + 1 + random.Next(1000)))!);
        if (schema["pattern"] is { } && TypeOf(schema) == "string")
            yield return ("against the pattern", JsonValue.Create("no/such thing\"")!);
        if (schema["maxItems"] is { } maxItems && valid is JsonArray { Count: > 0 } one)
        {
            var list = new JsonArray();
            for (var i = 0; i <= (int)maxItems; i++) list.Add(one[0]!.DeepClone());
            yield return ("too many", list);
        }
        if ((string?)schema["format"] is "date-time")
        {
            yield return ("far future", JsonValue.Create("9999-12-31T00:00:00Z")!);
            yield return ("far past", JsonValue.Create("0001-01-01T00:00:00Z")!);
        }
        if ((string?)schema["format"] is "date")
        {
            yield return ("far future", JsonValue.Create("9999-12-31")!);
            yield return ("far past", JsonValue.Create("0001-01-01")!);
        }
    }

    /// <summary>Every property reachable through objects (not into arrays' items), with its dotted name.</summary>
    private static IEnumerable<(string Field, JsonNode Schema, bool Required)> Fields(JsonNode schema, JsonObject schemas, string prefix)
    {
        if (schema["properties"] is not JsonObject properties) yield break;
        var required = schema["required"]?.AsArray().Select(n => (string)n!).ToHashSet() ?? [];
        foreach (var (name, property) in properties)
        {
            var resolved = Resolve(property!, schemas);
            var field = prefix + name;
            yield return (field, resolved, required.Contains(name));
            if (TypeOf(resolved) == "object")
                foreach (var inner in Fields(resolved, schemas, field + "."))
                    yield return inner;
            if (TypeOf(resolved) == "array" && resolved["items"] is { } items && TypeOf(Resolve(items, schemas)) == "object")
                foreach (var inner in Fields(Resolve(items, schemas), schemas, field + "[0]."))
                    yield return inner;
        }
    }

    internal static JsonNode Resolve(JsonNode schema, JsonObject schemas)
    {
        if ((string?)schema["$ref"] is { } reference) return Resolve(schemas[reference.Split('/')[^1]]!, schemas);
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
            if (schema[key] is JsonArray options && options.FirstOrDefault(o => TypeOf(o!) != "null") is { } chosen)
                return Resolve(chosen, schemas);
        return schema;
    }

    internal static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue value => (string?)value,
        JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        _ => schema["properties"] is not null ? "object" : null,
    };

    private static bool NamesField(string body, string field)
    {
        var errors = JsonNode.Parse(body)?["errors"]?.AsObject();
        return errors is not null && errors.Any(e => e.Key == field || e.Key.StartsWith(field + ".", StringComparison.Ordinal)
            || e.Key.StartsWith(field + "[", StringComparison.Ordinal) || e.Key == "body");
    }

    private static string With(JsonNode body, Action<JsonObject> change)
    {
        var copy = body.DeepClone().AsObject();
        change(copy);
        return copy.ToJsonString();
    }

    private static void Remove(JsonObject body, string field)
    {
        var (parent, name) = Locate(body, field);
        parent?.Remove(name);
    }

    private static JsonNode? Get(JsonNode body, string field)
    {
        var (parent, name) = Locate(body.AsObject(), field);
        return parent?[name];
    }

    private static void Set(JsonObject body, string field, JsonNode value)
    {
        var (parent, name) = Locate(body, field);
        if (parent is not null) parent[name] = value.DeepClone();
    }

    private static (JsonObject? Parent, string Name) Locate(JsonObject body, string field)
    {
        var parts = field.Split('.');
        JsonObject? node = body;
        foreach (var part in parts[..^1])
            node = part.EndsWith("[0]", StringComparison.Ordinal) ? (node?[part[..^3]] as JsonArray)?.FirstOrDefault() as JsonObject : node?[part] as JsonObject;
        return (node, parts[^1]);
    }

    private static string Cut(string text, int length = 300) => text.Length <= length ? text : text[..length] + "…";

    private static string Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        return string.Join("\n", a.Zip(b).Where(p => p.First != p.Second).Take(5).Select(p => $"  before: {Cut(p.First)}\n  after:  {Cut(p.Second)}"));
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();

    private sealed record Fuzz(string Name, HttpMethod Method, string Url, string? Json, string? ContentType, string? Field = null, byte[]? Bytes = null)
    {
        public HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(Method, Url);
            if (Json is not null || Bytes is not null)
            {
                request.Content = new ByteArrayContent(Bytes ?? Encoding.UTF8.GetBytes(Json!));
                if (ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
            return request;
        }
    }
}
