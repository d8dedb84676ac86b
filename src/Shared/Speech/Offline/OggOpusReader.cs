using System.Buffers.Binary;

namespace InterviewPlatform.Shared.Speech.Offline;

/// <summary>
/// The Opus packets of an Ogg file (RFC 3533 pages, RFC 7845 Opus mapping), as Firefox's MediaRecorder writes it: the
/// first logical stream only, its OpusHead and OpusTags packets, then audio. Every page's checksum is verified, so
/// a truncated or damaged file is refused with the byte where it broke, never decoded into noise.
/// </summary>
internal static class OggOpusReader
{
    private const int HeaderBytes = 27;

    public static OpusStream Read(ReadOnlyMemory<byte> ogg)
    {
        var bytes = ogg.Span;
        var packets = new List<ReadOnlyMemory<byte>>();
        var partial = new List<byte>(); // a packet continuing on the next page
        uint? serial = null;
        long? granule = null;
        var position = 0;
        while (position < bytes.Length)
        {
            if (position + HeaderBytes > bytes.Length || !bytes.Slice(position, 4).SequenceEqual("OggS"u8))
            {
                throw new AudioDecodeException($"The Ogg recording has no page at byte {position} (truncated or damaged)");
            }
            if (bytes[position + 4] != 0) throw new AudioDecodeException($"The Ogg page at byte {position} has version {bytes[position + 4]}; expected 0");
            int segments = bytes[position + 26];
            var dataStart = position + HeaderBytes + segments;
            if (dataStart > bytes.Length) throw new AudioDecodeException($"The Ogg page at byte {position} is truncated");
            var lacing = bytes.Slice(position + HeaderBytes, segments);
            var dataLength = 0;
            foreach (var l in lacing) dataLength += l;
            var pageEnd = dataStart + dataLength;
            if (pageEnd > bytes.Length) throw new AudioDecodeException($"The Ogg page at byte {position} is truncated");
            if (OggCrc.Compute(bytes[position..pageEnd]) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 22)..]))
            {
                throw new AudioDecodeException($"The Ogg page at byte {position} fails its checksum (damaged)");
            }

            var pageSerial = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 14)..]);
            serial ??= pageSerial;
            if (pageSerial == serial)
            {
                var continued = (bytes[position + 5] & 1) != 0;
                if (!continued && partial.Count > 0) throw new AudioDecodeException($"The Ogg page at byte {position} drops a packet the previous page began");
                var offset = dataStart;
                foreach (var l in lacing)
                {
                    partial.AddRange(bytes.Slice(offset, l));
                    offset += l;
                    if (l == 255) continue;
                    packets.Add(partial.ToArray());
                    partial.Clear();
                }
                var pageGranule = BinaryPrimitives.ReadInt64LittleEndian(bytes[(position + 6)..]);
                if (pageGranule >= 0) granule = pageGranule; // -1: no packet ends on this page
            }
            position = pageEnd;
        }
        if (partial.Count > 0) throw new AudioDecodeException("The Ogg recording ends inside a packet (truncated)");
        if (packets.Count < 2) throw new AudioDecodeException("The Ogg recording ends before its Opus headers");
        var (channels, preSkip) = OpusStream.ReadHead(packets[0].Span, "Ogg");
        if (!packets[1].Span.StartsWith("OpusTags"u8)) throw new AudioDecodeException("The Ogg recording's second packet is not OpusTags");
        return new OpusStream(channels, preSkip, packets.GetRange(2, packets.Count - 2), granule);
    }
}

/// <summary>Ogg's page checksum: CRC-32 with polynomial 0x04C11DB7, not reflected, zero start, the checksum field read as zero.</summary>
internal static class OggCrc
{
    private static readonly uint[] _table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        for (var i = 0; i < page.Length; i++)
        {
            var b = i is >= 22 and < 26 ? (byte)0 : page[i];
            crc = (crc << 8) ^ _table[(crc >> 24) ^ b];
        }
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var r = i << 24;
            for (var bit = 0; bit < 8; bit++) r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            table[i] = r;
        }
        return table;
    }
}
