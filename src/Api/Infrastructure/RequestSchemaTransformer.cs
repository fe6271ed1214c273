using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mobilize.Api.Infrastructure;

/// <summary>Makes a request body's schema say what the server accepts: a field is required only when it carries
/// <see cref="RequiredAttribute"/> or <see cref="JsonRequiredAttribute"/> (the fields the handler refuses when absent),
/// not because it is a record's constructor parameter, and the bounds its attributes name (from
/// <see cref="Mobilize.Grains.Shared.InputBounds"/>) appear as maxLength, maxItems and pattern.</summary>
public sealed class RequestSchemaTransformer : IOpenApiSchemaTransformer, IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, Type> Requests = typeof(RequestSchemaTransformer).Assembly.GetTypes()
        .Where(IsRequest).ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Schemas reached only as array items are not handed to the schema pass with their properties, so the
    /// required lists are set again on the finished components, from the same attributes.</summary>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (!Requests.TryGetValue(name, out var type) || component is not OpenApiSchema schema) continue;
            schema.Required = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetCustomAttributes(inherit: true).Any(a => a is RequiredAttribute or JsonRequiredAttribute))
                .Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name))
                .ToHashSet(StringComparer.Ordinal);
        }
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (!IsRequest(type) || context.JsonTypeInfo.Properties.Count == 0) return Task.CompletedTask;
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            var attributes = property.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
            if (attributes.Any(a => a is RequiredAttribute or JsonRequiredAttribute)) required.Add(property.Name);
            if (schema.Properties?.TryGetValue(property.Name, out var found) != true || found is not OpenApiSchema field) continue;
            foreach (var attribute in attributes)
            {
                switch (attribute)
                {
                    case MaxLengthAttribute max when field.Type?.HasFlag(JsonSchemaType.Array) == true:
                        field.MaxItems = max.Length;
                        break;
                    case MaxLengthAttribute max:
                        field.MaxLength = max.Length;
                        break;
                    case RegularExpressionAttribute pattern:
                        field.Pattern = pattern.Pattern;
                        break;
                }
            }
        }
        schema.Required = required;
        return Task.CompletedTask;
    }

    private static bool IsRequest(Type type) =>
        type.Namespace?.StartsWith("Mobilize.Api", StringComparison.Ordinal) == true && type.Name.EndsWith("Request", StringComparison.Ordinal);
}
