using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>
/// Reads a DateTimeOffset as .NET clients write it (an array of time and offset) and as the official
/// JavaScript client writes a <c>Date</c> (the MessagePack timestamp extension, UTC). Writes the .NET way.
/// </summary>
public sealed class LenientDateTimeOffsetFormatter : IMessagePackFormatter<DateTimeOffset>
{
    public static readonly LenientDateTimeOffsetFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options) =>
        DateTimeOffsetFormatter.Instance.Serialize(ref writer, value, options);

    public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.NextMessagePackType == MessagePackType.Extension
            ? new DateTimeOffset(DateTime.SpecifyKind(reader.ReadDateTime(), DateTimeKind.Utc))
            : DateTimeOffsetFormatter.Instance.Deserialize(ref reader, options);

    /// <summary>SignalR's own MessagePack options with this formatter in front.</summary>
    public static MessagePackSerializerOptions Options(MessagePackSerializerOptions signalR) =>
        signalR.WithResolver(CompositeResolver.Create(
            [Instance, new StaticNullableFormatter<DateTimeOffset>(Instance)],
            [signalR.Resolver]));
}
