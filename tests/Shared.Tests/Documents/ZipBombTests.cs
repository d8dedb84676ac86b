using System.IO.Compression;
using System.Text;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.Shared.Web;

namespace InterviewPlatform.Shared.Tests.Documents;

/// <summary>A small DOCX that inflates to millions of characters is refused, and reading a large one costs flat memory.</summary>
public sealed class ZipBombTests : IDisposable
{
    private readonly UploadSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    /// <summary>A Word package whose main document holds <paramref name="paragraphCount"/> paragraphs, written as a stream.</summary>
    private static byte[] Docx(int paragraphCount, Func<int, string> paragraph, string runProperties = "")
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            Write(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Write(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            using var main = new StreamWriter(zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
            main.Write("""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>""");
            for (var i = 0; i < paragraphCount; i++) main.Write($"<w:p><w:r><w:rPr>{runProperties}</w:rPr><w:t>{paragraph(i)}</w:t></w:r></w:p>");
            main.Write("</w:body></w:document>");
        }
        return stream.ToArray();

        static void Write(ZipArchive zip, string name, string content)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(content);
        }
    }

    /// <summary>20 million characters of one letter: some tens of KiB zipped.</summary>
    private static byte[] Bomb() => Docx(20_000, _ => new string('a', 1000));

    [Fact]
    public async Task A_zip_bomb_docx_is_refused_at_upload_with_415_and_nothing_kept()
    {
        var bomb = Bomb();
        Assert.InRange(bomb.Length, 1, 200 * 1024);

        var error = await Assert.ThrowsAsync<UnsupportedUploadException>(() =>
            _sandbox.Store().SaveAsync(new MemoryStream(bomb), "cv.docx", "resume", CancellationToken.None));

        Assert.Equal(415, error.Status);
        var field = Assert.Single((FieldError[])error.Details!);
        Assert.Equal("resume", field.Field);
        Assert.Contains("zip bomb", field.Error);
        Assert.Empty(_sandbox.Files());
    }

    [Fact]
    public void Reading_stops_at_the_bound_even_when_the_sizes_were_not_checked_at_upload()
    {
        // 40 MB of markup with hardly any text, so the reader does not stop early at the character cap.
        var path = Path.Combine(Directory.CreateDirectory(_sandbox.Root).FullName, "bomb.docx");
        File.WriteAllBytes(path, Docx(8_000, _ => "x", runProperties: string.Concat(Enumerable.Repeat("<w:b/>", 850))));

        var error = Assert.Throws<UnsupportedUploadException>(() => new TextExtractor().Extract(path, DocumentKind.Docx, "resume"));

        Assert.Contains("zip bomb", Assert.Single((FieldError[])error.Details!).Error);
    }

    [Fact]
    public void A_large_honest_docx_is_read_in_flat_memory_and_capped_at_100k_characters()
    {
        // ~6 MB of varied text, which compresses like real prose (well under 100:1).
        var random = new Random(7);
        var docx = Docx(60_000, _ => string.Join(' ', Enumerable.Range(0, 12).Select(_ => ((char)('a' + random.Next(26))).ToString() + random.Next(100_000))));
        var path = Path.Combine(Directory.CreateDirectory(_sandbox.Root).FullName, "large.docx");
        File.WriteAllBytes(path, docx);
        var extractor = new TextExtractor();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var text = extractor.Extract(path, DocumentKind.Docx);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(text.Failed, text.Error);
        Assert.Equal(TextExtractor.MaxChars, text.Text!.Length, tolerance: 1);
        Assert.True(allocated < 8L * 1024 * 1024, $"extraction allocated {allocated / 1024 / 1024} MiB");
    }

    [Fact]
    public async Task A_broken_zip_is_still_refused_as_not_a_word_document()
    {
        byte[] broken = [.. "PK\u0003\u0004"u8, .. DocumentTestFiles.Noise(9000, seed: 5)];

        var error = await Assert.ThrowsAsync<UnsupportedUploadException>(() =>
            _sandbox.Store().SaveAsync(new MemoryStream(broken), "cv.docx", "resume", CancellationToken.None));

        Assert.Equal("not a Word document", Assert.Single((FieldError[])error.Details!).Error);
    }
}
