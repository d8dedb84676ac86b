using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace InterviewPlatform.Admin.Api.Docs;

/// <summary>
/// The OpenAPI document as generated clients and scanners need it: the bearer scheme declared once and required
/// on every operation that needs a signed-in caller (multipart bodies are declared where the endpoints are mapped).
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The access_token from POST /auth/login (or /auth/refresh), as `Authorization: Bearer <jwt>`.",
            };
            return Task.CompletedTask;
        });
        // Strings are read by a custom converter (CleanStringConverter), which hides their type from the generator.
        o.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(string)) schema.Type = JsonSchemaType.String;
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            }
            return Task.CompletedTask;
        });
    });
}
