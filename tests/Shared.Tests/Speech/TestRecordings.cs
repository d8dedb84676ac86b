using System.Buffers.Binary;
using Concentus;
using Concentus.Enums;

namespace InterviewPlatform.Shared.Tests.Speech;

/// <summary>
/// Recordings made the way browsers make them, without a browser: a tone encoded with Concentus's Opus encoder, then
/// muxed here into Ogg pages (RFC 3533/7845, as Firefox writes) or WebM (Segment and Clusters of unknown size with
/// SimpleBlocks, as Chrome writes). The muxers and the Ogg checksum are this file's own, not the decoder's.
/// </summary>
internal static class TestRecordings
{
    public const int OpusRate = 48_000;
    public const int FrameSamples = 960; // 20 ms, MediaRecorder's usual frame
    public const int PreSkip = 312;

    public static float[] Tone(double frequency, double seconds, int rate, float amplitude = 0.5f) =>
        Enumerable.Range(0, (int)(seconds * rate)).Select(n => amplitude * (float)Math.Sin(2 * Math.PI * frequency * n / rate)).ToArray();

    /// <summary>Sign changes in the middle of the signal (edges left out: onset and codec delay), as a frequency in Hz.</summary>
    public static double Frequency(float[] pcm, int rate)
    {
        int from = pcm.Length / 10, to = pcm.Length - pcm.Length / 10, crossings = 0;
        for (var i = from + 1; i < to; i++) if (pcm[i - 1] < 0 != pcm[i] < 0) crossings++;
        return crossings / 2.0 / ((to - from) / (double)rate);
    }

    public static double Rms(float[] pcm, int from, int to) => Math.Sqrt(pcm[from..to].Sum(s => (double)s * s) / (to - from));

    public static byte[] Wav(int rate, short[][] channels) =>
        Wav(rate, channels.Length, 16, channels[0].Length, (w, f, c) => w.Write(channels[c][f]));

    /// <summary>A WAV of <paramref name="mono"/> in every channel: 24-bit PCM or 32-bit float (format 3).</summary>
    public static byte[] Wav(int rate, int channels, float[] mono, bool asFloat) => asFloat
        ? Wav(rate, channels, 32, mono.Length, (w, f, _) => w.Write(mono[f]), format: 3)
        : Wav(rate, channels, 24, mono.Length, (w, f, _) =>
        {
            var v = (int)Math.Round(mono[f] * 8_388_607);
            w.Write((byte)v);
            w.Write((byte)(v >> 8));
            w.Write((byte)(v >> 16));
        });

    private static byte[] Wav(int rate, int channels, int bits, int frames, Action<BinaryWriter, int, int> sample, short format = 1)
    {
        var blockAlign = channels * bits / 8;
        using var wav = new MemoryStream();
        using var w = new BinaryWriter(wav);
        w.Write("RIFF"u8);
        w.Write(36 + frames * blockAlign);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write(format);
        w.Write((short)channels);
        w.Write(rate);
        w.Write(rate * blockAlign);
        w.Write((short)blockAlign);
        w.Write((short)bits);
        w.Write("data"u8);
        w.Write(frames * blockAlign);
        for (var f = 0; f < frames; f++) for (var c = 0; c < channels; c++) sample(w, f, c);
        w.Flush();
        return wav.ToArray();
    }

    public static short[] Pcm16(float[] samples) => samples.Select(s => (short)Math.Round(s * 32767)).ToArray();

    /// <summary>
    /// Opus packets of <paramref name="pcm"/> (48 kHz, interleaved), 20 ms each; as opusenc does, the input is followed by
    /// <see cref="PreSkip"/> samples of silence so the decoder's delay is covered, and the last frame is padded.
    /// </summary>
    public static List<byte[]> Encode(float[] pcm, int channels = 1)
    {
        pcm = [.. pcm, .. new float[PreSkip * channels]];
        var encoder = OpusCodecFactory.CreateEncoder(OpusRate, channels, OpusApplication.OPUS_APPLICATION_AUDIO);
        encoder.Bitrate = 64_000 * channels; // stereo packets (~320 bytes) then span two lacing values, as 255 + rest
        var packets = new List<byte[]>();
        var frame = new short[FrameSamples * channels];
        var buffer = new byte[1275];
        for (var start = 0; start < pcm.Length; start += frame.Length)
        {
            Array.Clear(frame);
            for (var i = 0; i < frame.Length && start + i < pcm.Length; i++) frame[i] = (short)Math.Round(pcm[start + i] * 32767);
            var length = encoder.Encode(frame, FrameSamples, buffer, buffer.Length);
            packets.Add(buffer[..length]);
        }
        return packets;
    }

    public static byte[] OpusHead(int channels) =>
    [
        .. "OpusHead"u8, 1, (byte)channels, PreSkip & 0xFF, PreSkip >> 8, .. BitConverter.GetBytes(OpusRate), 0, 0, 0,
    ];

    /// <summary>
    /// An Ogg Opus file: OpusHead and OpusTags pages, then the packets' lacing segments cut into pages of at most
    /// <paramref name="segmentsPerPage"/> (few enough and a packet continues on the next page); each page's granule is
    /// the samples decoded by its last complete packet (-1 when none ends there), the last one the true length.
    /// </summary>
    public static byte[] Ogg(List<byte[]> packets, int channels, long samples, int segmentsPerPage = 30)
    {
        using var ogg = new MemoryStream();
        var sequence = 0;
        void Page(List<(byte[] Data, int Packet, bool Ends)> segments, long granule, byte flags)
        {
            var page = new List<byte>();
            page.AddRange("OggS"u8.ToArray());
            page.Add(0);
            page.Add(flags);
            page.AddRange(BitConverter.GetBytes(granule));
            page.AddRange(BitConverter.GetBytes(0x5EED));
            page.AddRange(BitConverter.GetBytes(sequence++));
            page.AddRange(new byte[4]);
            page.Add((byte)segments.Count);
            page.AddRange(segments.Select(x => (byte)x.Data.Length));
            foreach (var segment in segments) page.AddRange(segment.Data);
            var bytes = page.ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(22), Crc(bytes));
            ogg.Write(bytes);
        }
        Page(Segments([OpusHead(channels)]), 0, 2);
        Page(Segments([[.. "OpusTags"u8, .. BitConverter.GetBytes(4), .. "test"u8, 0, 0, 0, 0]]), 0, 0);
        var all = Segments(packets);
        for (var first = 0; first < all.Count; first += segmentsPerPage)
        {
            var page = all.Skip(first).Take(segmentsPerPage).ToList();
            var last = first + page.Count >= all.Count;
            var ended = page.Where(x => x.Ends).Select(x => x.Packet + 1).DefaultIfEmpty(0).Max();
            var granule = last ? PreSkip + samples : ended == 0 ? -1 : (long)ended * FrameSamples; // samples decoded so far, pre-skip included
            var continued = first > 0 && !all[first - 1].Ends;
            Page(page, granule, (byte)((continued ? 1 : 0) | (last ? 4 : 0)));
        }
        return ogg.ToArray();
    }

    /// <summary>A packet as lacing segments: runs of 255 bytes, then the rest (possibly empty), which ends it.</summary>
    private static List<(byte[] Data, int Packet, bool Ends)> Segments(IReadOnlyList<byte[]> packets)
    {
        var segments = new List<(byte[], int, bool)>();
        for (var p = 0; p < packets.Count; p++)
        {
            var offset = 0;
            for (; packets[p].Length - offset >= 255; offset += 255) segments.Add((packets[p][offset..(offset + 255)], p, false));
            segments.Add((packets[p][offset..], p, true));
        }
        return segments;
    }

    /// <summary>Bit by bit, straight from RFC 3533's description (polynomial 0x04C11DB7, MSB first, no reflection, zero start).</summary>
    private static uint Crc(byte[] page)
    {
        uint crc = 0;
        foreach (var b in page)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
        }
        return crc;
    }

    /// <summary>A WebM file as Chrome's MediaRecorder lays it out: unknown-size Segment and Clusters, one SimpleBlock per packet.</summary>
    public static byte[] Webm(List<byte[]> packets, int channels, int packetsPerCluster = 50)
    {
        using var webm = new MemoryStream();
        webm.Write(Element(0x1A45DFA3, [.. Element(0x4282, "webm"u8.ToArray()), .. Element(0x4287, [4]), .. Element(0x4285, [2])]));
        webm.Write(Id(0x18538067));
        webm.Write(_unknown);
        webm.Write(Element(0x1549A966, [.. Element(0x2AD7B1, [0x0F, 0x42, 0x40]), .. Element(0x4D80, "test"u8.ToArray())]));
        var audio = Element(0xE1, [.. Element(0xB5, BitConverter.GetBytes(48000.0).Reverse().ToArray()), .. Element(0x9F, [(byte)channels])]);
        var track = Element(0xAE, [.. Element(0xD7, [1]), .. Element(0x73C5, [0x2A]), .. Element(0x83, [2]), .. Element(0x86, "A_OPUS"u8.ToArray()),
            .. Element(0x63A2, OpusHead(channels)), .. audio]);
        webm.Write(Element(0x1654AE6B, track));
        for (var first = 0; first < packets.Count; first += packetsPerCluster)
        {
            webm.Write(Id(0x1F43B675));
            webm.Write(_unknown);
            webm.Write(Element(0xE7, BigEndian(first * 20, 4)));
            for (var p = first; p < Math.Min(packets.Count, first + packetsPerCluster); p++)
            {
                var timecode = (short)((p - first) * 20);
                webm.Write(Element(0xA3, [0x81, (byte)(timecode >> 8), (byte)timecode, 0x80, .. packets[p]]));
            }
        }
        return webm.ToArray();
    }

    private static readonly byte[] _unknown = [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    private static byte[] Element(uint id, byte[] body) => [.. Id(id), .. Size(body.Length), .. body];

    private static byte[] Id(uint id) => id switch
    {
        > 0xFFFFFF => BigEndian(id, 4),
        > 0xFFFF => BigEndian(id, 3),
        > 0xFF => BigEndian(id, 2),
        _ => [(byte)id],
    };

    /// <summary>Sizes always in 4 bytes (0x10 marker), as muxers that patch sizes later do.</summary>
    private static byte[] Size(int size) => BigEndian(0x10000000u | (uint)size, 4);

    private static byte[] BigEndian(long value, int bytes) => Enumerable.Range(0, bytes).Select(i => (byte)(value >> (8 * (bytes - 1 - i)))).ToArray();
}
