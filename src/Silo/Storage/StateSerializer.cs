using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mobilize.Silo.Storage;

/// <summary>Turns grain state into the bytes the project's providers store, and back.</summary>
/// <remarks>JSON rather than Orleans' binary format: rows stay readable with <c>sqlite3</c> or <c>psql</c>, and data
/// folders written before the move to Orleans read as they are.</remarks>
public interface IStateSerializer
{
    byte[] Serialize<T>(T value);

    T Deserialize<T>(ReadOnlySpan<byte> data);
}

public sealed class JsonStateSerializer(JsonSerializerOptions? options = null) : IStateSerializer
{
    public static readonly JsonSerializerOptions DefaultOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // Names and addresses are Chinese: the default encoder writes each character as a six-byte \uXXXX, which made a
        // province's rows about twice their size (docs/benchmarks/province.md). Rows are never embedded in HTML, so
        // only what JSON itself requires is escaped; rows written either way read the same.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly JsonSerializerOptions _options = options ?? DefaultOptions;

    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, _options);

    public T Deserialize<T>(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize<T>(data, _options) ?? throw new JsonException($"Stored state for {typeof(T).Name} is null.");
}
