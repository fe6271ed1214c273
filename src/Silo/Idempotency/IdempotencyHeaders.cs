using System.Collections.Immutable;
using System.Text.Json;

namespace Mobilize.Silo.Idempotency;

/// <summary>Headers travel as one JSON column: a handful of pairs, never queried.</summary>
internal static class IdempotencyHeaders
{
    public static string Serialize(ImmutableArray<KeyValuePair<string, string>> headers) =>
        JsonSerializer.Serialize(headers.IsDefault ? [] : headers.Select(h => new[] { h.Key, h.Value }).ToArray());

    public static ImmutableArray<KeyValuePair<string, string>> Deserialize(string json) =>
        [.. (JsonSerializer.Deserialize<string[][]>(json) ?? []).Select(p => KeyValuePair.Create(p[0], p[1]))];
}
