using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace InterviewPlatform.Shared.Data;

/// <summary>
/// An enum's name as the API writes it (snake_case, or a [JsonStringEnumMemberName] such as v7's "STATIC"),
/// used for the database column too, so rows read the same as the JSON.
/// </summary>
public static class WireEnum<T> where T : struct, Enum
{
    private static readonly Dictionary<T, string> _names = Enum.GetValues<T>().ToDictionary(v => v, v =>
        typeof(T).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly Dictionary<string, T> _values = _names.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    public static readonly ValueConverter<T, string> Converter = new(v => _names[v], s => _values[s]);

    public static string Name(T value) => _names[value];

    public static bool TryParse(string? name, out T value) => _values.TryGetValue(name ?? "", out value);

    public static IEnumerable<string> AllNames => _names.Values;
}
