using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace InterviewPlatform.Shared.Web;

/// <summary>
/// The one rule for text a client sends: no control characters except tab, line feed and carriage
/// return (so CRLF from a pasted textarea passes), and no lone UTF-16 surrogates. PostgreSQL refuses
/// NUL in text (22021) and nothing downstream needs the rest, so they are refused at the door as a 422.
/// </summary>
public static class CleanText
{
    public const string Rule = "must not contain control characters (other than tab and newline) or broken Unicode";

    public static bool IsClean(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' ? c is not ('\t' or '\n' or '\r') : char.IsControl(c)) return false;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }
        return true;
    }

    public static void Require(string? text, string field)
    {
        if (text is not null && !IsClean(text)) throw new RequestValidationException(field, Rule);
    }

    /// <summary>Query values are text fields too: checked before any endpoint binds them.</summary>
    public static Task RefuseDirtyQueryAsync(HttpContext context, RequestDelegate next)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            Require(name, "query");
            foreach (var value in values) Require(value, name);
        }
        return next(context);
    }
}

/// <summary>Applies <see cref="CleanText"/> to every JSON string of a request body; the serializer adds the field's path.</summary>
public sealed class CleanStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Without a message the serializer names the expected type and the path, as for its own converters.
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) throw new JsonException();
        var text = reader.GetString();
        return text is null || CleanText.IsClean(text) ? text : throw new DirtyTextException();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Thrown inside JSON reading so the 422 can name the field from the serializer's path.</summary>
public sealed class DirtyTextException() : JsonException(CleanText.Rule);
