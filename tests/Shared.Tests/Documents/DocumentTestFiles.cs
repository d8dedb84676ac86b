using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using InterviewPlatform.Shared.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace InterviewPlatform.Shared.Tests.Documents;

/// <summary>An UPLOAD_DIR of its own for one test, deleted afterwards.</summary>
internal sealed class UploadSandbox : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"documents-tests-{Guid.NewGuid():N}");

    public UploadStore Store(long maxFileSize = 10 * 1024 * 1024, string allowed = "pdf,doc,docx,txt") =>
        new(Options.Create(new UploadOptions { UploadDir = Root, MaxFileSize = maxFileSize, AllowedExtensionsList = allowed }), new FakeTimeProvider(Now));

    public string[] Files() => Directory.Exists(Root) ? Directory.GetFiles(Root, "*", SearchOption.AllDirectories) : [];

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

internal static class DocumentTestFiles
{
    public static byte[] Pdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(595, 842).AddText(text, 12, new PdfPoint(25, 700), font);
        return builder.Build();
    }

    /// <summary>A page with nothing on it: to the extractor, what a scanned resume looks like.</summary>
    public static byte[] BlankPdf()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(595, 842);
        return builder.Build();
    }

    public static byte[] Docx(params string[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(p => new Paragraph(new Run(new Text(p))))));
        }
        return stream.ToArray();
    }

    /// <summary>A valid ZIP, but not an Office package.</summary>
    public static byte[] Zip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            using var entry = new StreamWriter(zip.CreateEntry("notes.txt").Open());
            entry.Write("not a word document");
        }
        return stream.ToArray();
    }

    public static byte[] Ole2Doc() => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Noise(4096, seed: 3)];

    /// <summary>A PE header followed by noise: what a renamed .exe looks like.</summary>
    public static byte[] Executable(int length = 64 * 1024) => [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, .. Noise(length - 8, seed: 1)];

    public static byte[] CorruptPdf() => [.. "%PDF-1.4\n"u8, .. Noise(2048, seed: 2)];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

/// <summary>
/// A body produced on the fly, recording how much of it was read; <paramref name="maxRead"/> caps each read, so
/// multi-byte characters get cut across reads.
/// </summary>
internal sealed class GeneratedStream(long length, Func<long, byte> byteAt, int maxRead = int.MaxValue) : Stream
{
    public long BytesRead { get; private set; }

    public static GeneratedStream Of(byte[] content, int maxRead = int.MaxValue) => new(content.Length, i => content[i], maxRead);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(Math.Min(count, maxRead), length - BytesRead);
        for (var i = 0; i < n; i++) buffer[offset + i] = byteAt(BytesRead + i);
        BytesRead += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
