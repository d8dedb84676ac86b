using System.Text;

namespace InterviewPlatform.Shared.Speech.Offline;

/// <summary>
/// The Opus packets of a WebM file, as Chrome's MediaRecorder writes it (Segment and Clusters of unknown size, audio
/// in SimpleBlocks). A flat walk: the few master elements on the way to the audio are entered, every other element is
/// skipped by its size, so each step moves forward and the walk ends within the file's length. An element that runs
/// past the end, or an unknown size where it cannot be skipped, is refused with the byte where it happened.
/// </summary>
internal static class WebmOpusReader
{
    private const uint Ebml = 0x1A45DFA3, Segment = 0x18538067, Cluster = 0x1F43B675, Tracks = 0x1654AE6B, TrackEntry = 0xAE,
        Audio = 0xE1, BlockGroup = 0xA0, TrackNumber = 0xD7, CodecId = 0x86, CodecPrivate = 0x63A2, Channels = 0x9F,
        CodecDelay = 0x56AA, SimpleBlock = 0xA3, Block = 0xA1;

    private static readonly HashSet<uint> _entered = [Segment, Cluster, Tracks, TrackEntry, Audio, BlockGroup];

    private sealed class Track
    {
        public long Number;
        public string? Codec;
        public ReadOnlyMemory<byte> Private;
        public int Channels = 1;
        public long CodecDelayNs;
    }

    public static OpusStream Read(ReadOnlyMemory<byte> webm)
    {
        var bytes = webm.Span;
        var tracks = new List<Track>();
        var blocks = new List<(long Track, ReadOnlyMemory<byte> Body)>();
        var position = 0;
        var first = true;
        while (position < bytes.Length)
        {
            var start = position;
            var id = ReadId(bytes, ref position);
            var size = ReadSize(bytes, ref position, start);
            if (first && id != Ebml) throw new AudioDecodeException("The WebM recording does not start with an EBML header");
            first = false;
            if (_entered.Contains(id))
            {
                if (size is { } known && position + known > bytes.Length) throw Truncated(start);
                if (id == TrackEntry) tracks.Add(new Track());
                continue; // its children follow
            }
            if (size is not { } length) throw new AudioDecodeException($"The WebM element 0x{id:X} at byte {start} has an unknown size");
            if (position + length > bytes.Length) throw Truncated(start);
            var body = webm.Slice(position, (int)length);
            var track = tracks.Count > 0 ? tracks[^1] : null;
            switch (id)
            {
                case TrackNumber when track is not null: track.Number = UInt(body.Span); break;
                case CodecId when track is not null: track.Codec = Encoding.ASCII.GetString(body.Span).TrimEnd('\0'); break;
                case CodecPrivate when track is not null: track.Private = body; break;
                case Channels when track is not null: track.Channels = (int)UInt(body.Span); break;
                case CodecDelay when track is not null: track.CodecDelayNs = UInt(body.Span); break;
                case SimpleBlock or Block: blocks.Add(BlockTrack(body, start)); break;
            }
            position += (int)length;
        }

        var opus = tracks.FirstOrDefault(t => t.Codec == "A_OPUS")
            ?? throw new AudioDecodeException($"The WebM recording has no Opus track (tracks: {string.Join(", ", tracks.Select(t => t.Codec ?? "?"))})");
        var (channels, preSkip) = opus.Private.IsEmpty
            ? (opus.Channels, (int)(opus.CodecDelayNs * 48_000 / 1_000_000_000))
            : OpusStream.ReadHead(opus.Private.Span, "WebM");
        var packets = new List<ReadOnlyMemory<byte>>();
        foreach (var (_, body) in blocks.Where(b => b.Track == opus.Number)) Frames(body, packets);
        return new OpusStream(channels, preSkip, packets);
    }

    /// <summary>A Block's track number, and its body from the flags byte on (the 16-bit timecode is not needed: blocks are in order).</summary>
    private static (long, ReadOnlyMemory<byte>) BlockTrack(ReadOnlyMemory<byte> block, int start)
    {
        var span = block.Span;
        var position = 0;
        var track = ReadSize(span, ref position, start) ?? throw new AudioDecodeException($"The WebM block at byte {start} has no track number");
        if (position + 3 > span.Length) throw Truncated(start);
        return (track, block[(position + 2)..]);
    }

    /// <summary>Splits a block's frames by its lacing (none, Xiph, fixed or EBML; MediaRecorder uses none).</summary>
    private static void Frames(ReadOnlyMemory<byte> flagsAndFrames, List<ReadOnlyMemory<byte>> packets)
    {
        var span = flagsAndFrames.Span;
        var lacing = (span[0] >> 1) & 3;
        if (lacing == 0)
        {
            packets.Add(flagsAndFrames[1..]);
            return;
        }
        if (span.Length < 2) throw new AudioDecodeException("A laced WebM block has no frame count");
        var count = span[1] + 1;
        var position = 2;
        var sizes = new long[count];
        if (lacing == 1) // Xiph: each size as a run of 255s and a last byte
        {
            for (var f = 0; f < count - 1; f++)
            {
                do
                {
                    if (position >= span.Length) throw new AudioDecodeException("A Xiph-laced WebM block is truncated");
                    sizes[f] += span[position];
                }
                while (span[position++] == 255);
            }
        }
        else if (lacing == 3 && count > 1) // EBML: the first size, then signed differences
        {
            sizes[0] = ReadSize(span, ref position, 0) ?? throw new AudioDecodeException("An EBML-laced WebM block has an unknown frame size");
            for (var f = 1; f < count - 1; f++)
            {
                var width = position < span.Length ? System.Numerics.BitOperations.LeadingZeroCount((uint)span[position]) - 23 : 0;
                var raw = ReadSize(span, ref position, 0) ?? throw new AudioDecodeException("An EBML-laced WebM block has an unknown frame size");
                sizes[f] = sizes[f - 1] + raw - ((1L << (7 * width - 1)) - 1);
            }
        }
        var rest = span.Length - position - (lacing == 2 ? 0 : sizes.Sum());
        if (lacing == 2)
        {
            if (rest % count != 0) throw new AudioDecodeException("A fixed-laced WebM block does not divide into equal frames");
            Array.Fill(sizes, rest / count);
        }
        else
        {
            sizes[^1] = rest;
        }
        foreach (var size in sizes)
        {
            if (size < 0 || position + size > span.Length) throw new AudioDecodeException("A laced WebM block's frame sizes exceed the block");
            packets.Add(flagsAndFrames.Slice(position, (int)size));
            position += (int)size;
        }
    }

    /// <summary>An element ID keeps its length marker (0x1A45DFA3 is four bytes); 1 to 4 bytes.</summary>
    private static uint ReadId(ReadOnlySpan<byte> bytes, ref int position)
    {
        var start = position;
        var width = position < bytes.Length ? System.Numerics.BitOperations.LeadingZeroCount((uint)bytes[position]) - 23 : 0;
        if (width is < 1 or > 4) throw new AudioDecodeException($"The WebM recording has no valid element at byte {start}");
        if (position + width > bytes.Length) throw Truncated(start);
        uint id = 0;
        for (var i = 0; i < width; i++) id = id << 8 | bytes[position++];
        return id;
    }

    /// <summary>A size (or track number) without its marker; null for the reserved all-ones "unknown size".</summary>
    private static long? ReadSize(ReadOnlySpan<byte> bytes, ref int position, int element)
    {
        var width = position < bytes.Length ? System.Numerics.BitOperations.LeadingZeroCount((uint)bytes[position]) - 23 : 0;
        if (width is < 1 or > 8) throw new AudioDecodeException($"The WebM element at byte {element} has an invalid size");
        if (position + width > bytes.Length) throw Truncated(element);
        long value = bytes[position++] & (0xFF >> width);
        var allOnes = value == 0xFF >> width;
        for (var i = 1; i < width; i++)
        {
            allOnes &= bytes[position] == 0xFF;
            value = value << 8 | bytes[position++];
        }
        return allOnes ? null : value;
    }

    private static long UInt(ReadOnlySpan<byte> body)
    {
        if (body.Length > 8) throw new AudioDecodeException("A WebM integer element is longer than 8 bytes");
        long value = 0;
        foreach (var b in body) value = value << 8 | b;
        return value;
    }

    private static AudioDecodeException Truncated(int start) => new($"The WebM recording ends inside the element at byte {start} (truncated)");
}
