using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mobilize.Actors;

/// <summary>Turns grain state into bytes and back; every provider uses the one registered.</summary>
public interface IGrainStorageSerializer
{
    byte[] Serialize<T>(T value);

    T Deserialize<T>(ReadOnlySpan<byte> data);
}

public sealed class JsonGrainStorageSerializer(JsonSerializerOptions? options = null) : IGrainStorageSerializer
{
    public static readonly JsonSerializerOptions DefaultOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly JsonSerializerOptions _options = options ?? DefaultOptions;

    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, _options);

    public T Deserialize<T>(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize<T>(data, _options) ?? throw new JsonException($"Stored state for {typeof(T).Name} is null.");
}
