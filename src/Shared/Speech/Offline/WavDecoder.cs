using System.Buffers.Binary;

namespace InterviewPlatform.Shared.Speech.Offline;

/// <summary>
/// A whole RIFF/WAVE file to 16 kHz mono: PCM 16/24/32-bit or IEEE float 32-bit (also inside WAVE_FORMAT_EXTENSIBLE),
/// channels averaged. A data size larger than the file (a header written before the length was known, as on a pipe)
/// means "to the end".
/// </summary>
internal static class WavDecoder
{
    private const int Pcm = 1, Float = 3, Extensible = 0xFFFE;

    public static float[] ToMono16k(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 12 || !wav[8..12].SequenceEqual("WAVE"u8)) throw new AudioDecodeException("The WAV recording has no RIFF/WAVE header");
        int format = 0, channels = 0, rate = 0, bits = 0;
        var position = 12;
        while (position + 8 <= wav.Length)
        {
            var id = wav.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(wav[(position + 4)..]);
            var body = position + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > wav.Length) throw new AudioDecodeException("The WAV recording's fmt chunk is truncated");
                format = BinaryPrimitives.ReadUInt16LittleEndian(wav[body..]);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(wav[(body + 2)..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(wav[(body + 4)..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(wav[(body + 14)..]);
                if (format == Extensible && size >= 26 && body + 26 <= wav.Length) format = BinaryPrimitives.ReadUInt16LittleEndian(wav[(body + 24)..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (channels == 0) throw new AudioDecodeException("The WAV recording has no fmt chunk before its data");
                if (rate is < 4000 or > 384_000) throw new AudioDecodeException($"The WAV recording's sample rate is {rate} Hz; expected 4,000 to 384,000");
                var data = wav[body..(int)Math.Min(wav.Length, body + (long)size)];
                return PcmFloatResampler.ToRate(Mono(data, format, channels, bits), rate, RecordingDecoder.SampleRate);
            }
            position = (int)Math.Min(int.MaxValue, body + (long)size + size % 2);
        }
        throw new AudioDecodeException("The WAV recording has no data chunk");
    }

    private static float[] Mono(ReadOnlySpan<byte> data, int format, int channels, int bits)
    {
        var supported = (format, bits) is (Pcm, 16 or 24 or 32) or (Float, 32);
        if (!supported || channels is < 1 or > 8) throw new AudioDecodeException($"The WAV recording is format {format}, {bits}-bit, {channels} channels; expected PCM 16/24/32-bit or float 32-bit, 1 to 8 channels");
        var width = bits / 8;
        var frames = data.Length / (width * channels);
        var mono = new float[frames];
        for (var f = 0; f < frames; f++)
        {
            var sum = 0f;
            for (var c = 0; c < channels; c++)
            {
                var sample = data.Slice((f * channels + c) * width, width);
                sum += (format, bits) switch
                {
                    (Float, _) => BinaryPrimitives.ReadSingleLittleEndian(sample),
                    (_, 16) => BinaryPrimitives.ReadInt16LittleEndian(sample) / 32768f,
                    (_, 24) => ((sample[2] << 24) | (sample[1] << 16) | (sample[0] << 8)) / 2147483648f,
                    _ => BinaryPrimitives.ReadInt32LittleEndian(sample) / 2147483648f,
                };
            }
            mono[f] = sum / channels;
        }
        return mono;
    }
}
