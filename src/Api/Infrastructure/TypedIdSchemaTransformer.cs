using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Infrastructure;

/// <summary>Typed ids travel as plain strings; without this the document would describe them as empty objects.</summary>
public sealed class TypedIdSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (new TypedIdJsonConverterFactory().CanConvert(type))
        {
            schema.Type = JsonSchemaType.String;
            schema.Pattern = "^[A-Za-z0-9._-]+$";
            schema.MaxLength = TypedId.DefaultMaxLength;
            schema.Properties?.Clear();
        }
        return Task.CompletedTask;
    }
}
