using System.IO.Compression;
using System.Text;
using System.Xml;

namespace InterviewPlatform.Shared.Documents;

/// <summary>
/// The text of a DOCX, read as a stream from its ZIP without building the document in memory, and bounded so a
/// small file that inflates to gigabytes (a zip bomb) is refused instead of costing seconds and hundreds of MiB.
/// Bounds: <see cref="MaxExpandedBytes"/> in all, and <see cref="MaxRatio"/> times an entry's compressed size
/// (plus <see cref="RatioAllowance"/> for small entries, which compress freely). Checked twice: against the sizes the
/// package declares when it is uploaded, and against the bytes actually inflated while reading, since declared sizes
/// can lie.
/// </summary>
public static class WordText
{
    public const long MaxExpandedBytes = 32L * 1024 * 1024;
    public const int MaxRatio = 100;
    public const long RatioAllowance = 1024 * 1024;

    private const string WordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>Why the package's declared sizes make it a zip bomb, or null when they do not (or it is no readable ZIP at all).</summary>
    public static string? DeclaredBomb(string path)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            return null; // a broken ZIP is for the Word package check to refuse
        }
        using var _ = zip;
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (entry.Length > Allowed(entry.CompressedLength)) return Refusal(entry.FullName);
        }
        return total > MaxExpandedBytes ? Refusal("the package") : null;
    }

    /// <summary>The paragraphs' text of the main document, up to <paramref name="maxChars"/>; throws <see cref="ZipBombException"/>.</summary>
    public static string Read(string path, int maxChars)
    {
        using var zip = ZipFile.OpenRead(path);
        var main = zip.GetEntry(MainDocumentPath(zip)) ?? throw new InvalidDataException("the package has no main document");
        using var xml = XmlReader.Create(new BoundedStream(main.Open(), main.FullName, Allowed(main.CompressedLength)), _settings);
        var text = new StringBuilder();
        var chunk = new char[4096];
        var inText = false;
        while (text.Length < maxChars && xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.NamespaceURI == WordNs:
                    if (xml.LocalName == "t") inText = !xml.IsEmptyElement;
                    else if (xml.LocalName == "tab") text.Append('\t');
                    else if (xml.LocalName is "br" or "cr") text.Append('\n');
                    break;
                case XmlNodeType.EndElement when xml.NamespaceURI == WordNs:
                    if (xml.LocalName == "t") inText = false;
                    else if (xml.LocalName == "p") text.Append('\n');
                    break;
                case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when inText:
                    // In chunks: one huge text node must not become one huge string.
                    int read;
                    while (text.Length < maxChars && (read = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0) text.Append(chunk, 0, read);
                    break;
            }
        }
        return text.ToString();
    }

    private static readonly XmlReaderSettings _settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = MaxExpandedBytes,
    };

    /// <summary>The officeDocument relationship's target in _rels/.rels (word/document.xml in every Word-made file).</summary>
    private static string MainDocumentPath(ZipArchive zip)
    {
        if (zip.GetEntry("_rels/.rels") is not { } rels) return "word/document.xml";
        using var xml = XmlReader.Create(new BoundedStream(rels.Open(), rels.FullName, Allowed(rels.CompressedLength)), _settings);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.NamespaceURI == RelationshipsNs &&
                xml.GetAttribute("Type")?.EndsWith("/officeDocument", StringComparison.Ordinal) == true && xml.GetAttribute("Target") is { } target)
            {
                return target.TrimStart('/');
            }
        }
        return "word/document.xml";
    }

    private static long Allowed(long compressed) => Math.Min(MaxExpandedBytes, compressed * MaxRatio + RatioAllowance);

    private static string Refusal(string part) =>
        $"the Word document expands far beyond its size ({part}); refused as a possible zip bomb (at most {MaxRatio}:1 and {MaxExpandedBytes / (1024 * 1024)} MiB)";

    /// <summary>Counts inflated bytes as they are read and stops at the bound.</summary>
    private sealed class BoundedStream(Stream inner, string part, long limit) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
            _read += n;
            if (_read > limit) throw new ZipBombException(Refusal(part));
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A document whose inflated size is out of all proportion: refused, not flagged.</summary>
public sealed class ZipBombException(string reason) : Exception(reason);
