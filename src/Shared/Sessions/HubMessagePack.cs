using System.Globalization;
using InterviewPlatform.Shared.Data;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>
/// The hubs' MessagePack wire, as the candidate page (the official JavaScript client and its MessagePack protocol) and
/// .NET clients read and write it. It differs from SignalR's default in two places, so that a browser needs no table of
/// .NET enum numbers or time arrays: enums travel as their names (<c>"in_progress"</c>, as in JSON and the REST API) and
/// times as the MessagePack timestamp extension (a JavaScript <c>Date</c>, UTC). Reading is lenient: an enum's name or
/// number, and a time as a timestamp, .NET's [time, offset] array or an ISO 8601 string. Objects keep SignalR's
/// contractless maps keyed by property name; byte arrays (question audio, recordings) travel as binary, not base64.
/// </summary>
public static class HubMessagePack
{
    /// <summary>SignalR's own MessagePack options with this wire's formatters in front.</summary>
    public static MessagePackSerializerOptions Options(MessagePackSerializerOptions signalR) =>
        signalR.WithResolver(CompositeResolver.Create(
            [UtcTimestampFormatter.Instance, new StaticNullableFormatter<DateTimeOffset>(UtcTimestampFormatter.Instance)],
            [WireEnumResolver.Instance, signalR.Resolver]));

    private sealed class UtcTimestampFormatter : IMessagePackFormatter<DateTimeOffset>
    {
        public static readonly UtcTimestampFormatter Instance = new();

        public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options) =>
            writer.Write(value.UtcDateTime);

        public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => reader.NextMessagePackType switch
        {
            MessagePackType.Extension => new DateTimeOffset(DateTime.SpecifyKind(reader.ReadDateTime(), DateTimeKind.Utc)),
            MessagePackType.String => DateTimeOffset.TryParse(reader.ReadString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new MessagePackSerializationException("A time must be ISO 8601, e.g. 2026-12-02T09:30:00Z"),
            _ => DateTimeOffsetFormatter.Instance.Deserialize(ref reader, options),
        };
    }

    private sealed class WireEnumResolver : IFormatterResolver
    {
        public static readonly WireEnumResolver Instance = new();

        public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

        private static class Cache<T>
        {
            public static readonly IMessagePackFormatter<T>? Formatter = Create();

            private static IMessagePackFormatter<T>? Create()
            {
                if (typeof(T).IsEnum) return (IMessagePackFormatter<T>)Activator.CreateInstance(typeof(WireEnumFormatter<>).MakeGenericType(typeof(T)))!;
                return Nullable.GetUnderlyingType(typeof(T)) is { IsEnum: true } inner
                    ? (IMessagePackFormatter<T>)Activator.CreateInstance(typeof(NullableFormatter<>).MakeGenericType(inner))!
                    : null;
            }
        }
    }

    private sealed class WireEnumFormatter<T> : IMessagePackFormatter<T> where T : struct, Enum
    {
        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) => writer.Write(WireEnum<T>.Name(value));

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            if (reader.NextMessagePackType == MessagePackType.String)
            {
                var name = reader.ReadString();
                return WireEnum<T>.TryParse(name, out var parsed)
                    ? parsed
                    : throw new MessagePackSerializationException($"'{name}' is not one of {string.Join(", ", WireEnum<T>.AllNames)}");
            }
            var number = reader.ReadInt64();
            var value = (T)Enum.ToObject(typeof(T), number);
            return Enum.IsDefined(value) ? value : throw new MessagePackSerializationException($"{number} is not a {typeof(T).Name}");
        }
    }
}
