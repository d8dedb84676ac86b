using Concentus;

namespace InterviewPlatform.Shared.Speech.Offline;

/// <summary>An Opus track as a demuxer found it: its channels, the decoder delay to drop, and its packets in order.</summary>
/// <param name="EndGranule">Ogg's last granule position (48 kHz samples including <paramref name="PreSkip"/>), which trims the final frame's padding; null for WebM.</param>
internal sealed record OpusStream(int Channels, int PreSkip, IReadOnlyList<ReadOnlyMemory<byte>> Packets, long? EndGranule = null)
{
    /// <summary>Reads the "OpusHead" identification header (RFC 7845 5.1) that both Ogg and WebM (CodecPrivate) carry.</summary>
    public static (int Channels, int PreSkip) ReadHead(ReadOnlySpan<byte> head, string container)
    {
        if (head.Length < 19 || !head.StartsWith("OpusHead"u8)) throw new AudioDecodeException($"The {container} recording's Opus track has no OpusHead header");
        int channels = head[9], mapping = head[18];
        if (channels is < 1 or > 2 || mapping != 0) throw new AudioDecodeException($"The {container} recording's Opus track has {channels} channels (mapping family {mapping}); expected mono or stereo");
        return (channels, head[10] | head[11] << 8);
    }
}

/// <summary>Decodes an <see cref="OpusStream"/> with Concentus at 48 kHz (Opus's own rate), averages the channels, and brings it to 16 kHz.</summary>
internal static class OpusPcm
{
    private const int Rate = 48_000;
    private const int MaxFrame = 5760; // 120 ms at 48 kHz, the longest Opus packet

    public static float[] ToMono16k(OpusStream stream)
    {
        if (stream.Packets.Count == 0) throw new AudioDecodeException("The recording's Opus track holds no audio packets");
        var decoder = OpusCodecFactory.CreateDecoder(Rate, stream.Channels);
        var frame = new float[MaxFrame * stream.Channels];
        var mono = new float[Math.Min(stream.Packets.Count * 960L + MaxFrame, 64L * 1024 * 1024)];
        var length = 0;
        for (var p = 0; p < stream.Packets.Count; p++)
        {
            var packet = stream.Packets[p];
            if (packet.IsEmpty) continue; // a lost packet: nothing to decode, and no reason to invent audio for a transcript
            int samples;
            try
            {
                samples = decoder.Decode(packet.Span, frame, MaxFrame);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new AudioDecodeException($"Opus packet {p} of {stream.Packets.Count} could not be decoded: {ex.Message}", ex);
            }
            if (length + samples > mono.Length) Array.Resize(ref mono, Math.Max(mono.Length * 2, length + samples));
            for (var i = 0; i < samples; i++)
            {
                mono[length + i] = stream.Channels == 1 ? frame[i] : (frame[2 * i] + frame[2 * i + 1]) / 2;
            }
            length += samples;
        }
        var end = stream.EndGranule is { } granule ? (int)Math.Clamp(granule, 0, length) : length;
        var start = Math.Min(stream.PreSkip, end);
        return PcmFloatResampler.ToRate(mono[start..end], Rate, RecordingDecoder.SampleRate);
    }
}
