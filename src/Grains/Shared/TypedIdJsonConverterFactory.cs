using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mobilize.Grains.Shared;

/// <summary>Writes every typed id as a plain JSON string (also as a dictionary key) and refuses invalid ones on read.</summary>
public sealed class TypedIdJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsValueType && typeToConvert.GetInterfaces().Any(i =>
            i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ITypedId<>) && i.GetGenericArguments()[0] == typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(TypedIdJsonConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class TypedIdJsonConverter<T> : JsonConverter<T> where T : struct, ITypedId<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException($"{typeof(T).Name} must be a JSON string.");
            return Parse(reader.GetString());
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Value);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.Value);

        private static T Parse(string? text) =>
            TypedId.TryParse<T>(text, out var id)
                ? id
                : throw new JsonException($"'{text}' is not a valid {typeof(T).Name}: {TypedId.Problem(text, T.MaxLength)}");
    }
}
