using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mobilize.Api.Access;

/// <summary>Tells OpenAPI readers (client generators, Swagger UI) that calls carry a JWT as a bearer token: the scheme is
/// declared once and required by every operation, except the few anyone may call, which say they need none.</summary>
public sealed class BearerSchemeTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from POST /api/tokens, an enrolment link, <data>/administrator.token or the configured OpenID Connect issuer.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // An empty requirement list overrides the document's: no token needed here.
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            operation.Security = [];
        return Task.CompletedTask;
    }

    public static void Add(OpenApiOptions options)
    {
        var transformer = new BearerSchemeTransformer();
        options.AddDocumentTransformer(transformer);
        options.AddOperationTransformer(transformer);
    }
}
