using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace InterviewPlatform.Shared.Web;

/// <summary>
/// Turns ASP.NET's binding failures ("Failed to bind parameter \"Nullable&lt;int&gt; Page\" from \"x\"") and the JSON
/// serializer's ("could not be converted to ... Path: $.age") into the field name the client wrote and what that
/// field accepts, in words. The field's type is looked up on the endpoint's handler, not parsed from the message.
/// </summary>
public static partial class BindingErrors
{
    private static readonly JsonNamingPolicy _snake = JsonNamingPolicy.SnakeCaseLower;

    public static FieldError Describe(HttpContext context, BadHttpRequestException bad)
    {
        switch (bad.InnerException)
        {
            case DirtyTextException dirty:
                return new FieldError(JsonField(dirty.Path), CleanText.Rule);
            case JsonException { Path: { Length: > 2 } path } when JsonField(path) is var field && field != "body":
                var bodyType = EndpointOf(context)?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
                return new FieldError(field, TypeAt(bodyType, field) is { } type ? $"must be {Accepts(type)}" : "has a value of the wrong kind");
            case JsonException:
                return new FieldError("body", "is not valid JSON");
        }
        var failed = FailedToBind().Match(bad.Message);
        var missing = NotProvided().Match(bad.Message);
        if (!failed.Success && !missing.Success) return new FieldError("body", "could not be read");

        var (name, parameterType) = Parameter(context, (failed.Success ? failed : missing).Groups["name"].Value);
        return new FieldError(name, missing.Success ? "is required" : parameterType is null ? "has a value of the wrong kind" : $"must be {Accepts(parameterType)}");
    }

    /// <summary>The serializer's path ("$.questions[0].text") as the field name the client wrote ("questions[0].text").</summary>
    private static string JsonField(string? path) => path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";

    private static string Accepts(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(_snake.ConvertName));
        if (type == typeof(string)) return "text";
        if (type == typeof(int)) return $"a whole number up to {int.MaxValue}";
        if (type == typeof(long) || type == typeof(short)) return "a whole number";
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(Guid)) return "a UUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "an ISO-8601 time with an offset, e.g. 2026-12-01T14:30:00+01:00";
        if (type == typeof(DateOnly)) return "a date such as 2026-12-01";
        if (ElementType(type) is not null) return "a list";
        return "an object with the documented fields";
    }

    /// <summary>The .NET type at a JSON field path ("questions[0].time_limit_seconds") of the body type.</summary>
    private static Type? TypeAt(Type? type, string field)
    {
        foreach (var part in field.Split('.'))
        {
            var bracket = part.IndexOf('[');
            var name = bracket >= 0 ? part[..bracket] : part;
            type = type?.GetProperties().FirstOrDefault(p => _snake.ConvertName(p.Name) == name)?.PropertyType;
            if (bracket >= 0 && type is not null) type = ElementType(type);
        }
        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } e
            ? e.GetGenericArguments()[0] : null;

    /// <summary>The query or route name and type of a handler parameter (or of a property of an [AsParameters] record).</summary>
    private static (string Name, Type? Type) Parameter(HttpContext context, string parameter)
    {
        var method = EndpointOf(context)?.Metadata.GetMetadata<MethodInfo>();
        var candidates = method?.GetParameters().SelectMany(p => new ICustomAttributeProvider[] { p }
            .Concat(p.ParameterType.GetProperties()).Concat(p.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()))) ?? [];
        foreach (var candidate in candidates)
        {
            var (name, type) = candidate switch { ParameterInfo p => (p.Name, p.ParameterType), PropertyInfo p => (p.Name, p.PropertyType), _ => (null, null) };
            if (!string.Equals(name, parameter, StringComparison.Ordinal)) continue;
            var attributes = candidate.GetCustomAttributes(true);
            var wire = attributes.OfType<IFromQueryMetadata>().Select(a => a.Name).Concat(attributes.OfType<IFromRouteMetadata>().Select(a => a.Name))
                .FirstOrDefault(n => n is not null);
            return (wire ?? _snake.ConvertName(parameter), type);
        }
        return (_snake.ConvertName(parameter), null);
    }

    /// <summary>The exception handler clears the request's endpoint before it runs; its feature keeps it.</summary>
    private static Endpoint? EndpointOf(HttpContext context) => context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();

    [GeneratedRegex("""Failed to bind parameter "(?<type>.+) (?<name>\w+)" from""")]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""Required parameter "(?<type>.+) (?<name>\w+)" was not provided""")]
    private static partial Regex NotProvided();
}
