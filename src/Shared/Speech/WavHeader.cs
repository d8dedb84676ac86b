using System.Buffers.Binary;
using System.Text;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// The RIFF/WAVE header espeak-ng writes before its samples on --stdout. On a pipe its sizes are
/// placeholders (0x7ffff000), so only the format is read and the samples run to the end of the stream.
/// </summary>
internal sealed record WavHeader(int SampleRate, int Channels, int BitsPerSample)
{
    /// <summary>Reads up to the start of the "data" chunk, leaving <paramref name="wav"/> positioned at the first sample.</summary>
    public static async Task<WavHeader> ReadAsync(Stream wav, CancellationToken ct)
    {
        var riff = await ReadExactlyAsync(wav, 12, ct);
        if (Encoding.ASCII.GetString(riff, 0, 4) != "RIFF" || Encoding.ASCII.GetString(riff, 8, 4) != "WAVE")
        {
            throw new SpeechSynthesisException("espeak-ng did not write a WAV stream");
        }
        WavHeader? format = null;
        while (true)
        {
            var chunk = await ReadExactlyAsync(wav, 8, ct);
            var id = Encoding.ASCII.GetString(chunk, 0, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(4));
            if (id == "data")
            {
                return format ?? throw new SpeechSynthesisException("espeak-ng's WAV stream has no fmt chunk before its data");
            }
            if (size > 1024) throw new SpeechSynthesisException($"espeak-ng's WAV stream has an unexpected '{id}' chunk of {size} bytes");
            var body = await ReadExactlyAsync(wav, (int)(size + size % 2), ct);
            if (id == "fmt ")
            {
                if (size < 16) throw new SpeechSynthesisException($"espeak-ng's WAV fmt chunk is {size} bytes; expected 16");
                var encoding = BinaryPrimitives.ReadUInt16LittleEndian(body);
                format = new WavHeader(
                    SampleRate: BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(4)),
                    Channels: BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(2)),
                    BitsPerSample: BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(14)));
                if (encoding != 1 || format.Channels != 1 || format.BitsPerSample != 16)
                {
                    throw new SpeechSynthesisException($"espeak-ng wrote {format.BitsPerSample}-bit, {format.Channels}-channel audio (format {encoding}); expected 16-bit mono PCM");
                }
            }
        }
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        try
        {
            await stream.ReadExactlyAsync(buffer, ct);
        }
        catch (EndOfStreamException)
        {
            throw new SpeechSynthesisException("espeak-ng ended before its WAV header was complete");
        }
        return buffer;
    }
}
