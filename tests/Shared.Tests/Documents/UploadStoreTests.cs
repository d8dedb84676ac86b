using System.Security.Cryptography;
using InterviewPlatform.Shared.Documents;

namespace InterviewPlatform.Shared.Tests.Documents;

/// <summary>Real documents go in, are stored by content under yyyy/MM, and their text comes back out.</summary>
public sealed class UploadStoreTests : IDisposable
{
    private readonly UploadSandbox _sandbox = new();
    private readonly TextExtractor _extractor = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Pdf_with_a_text_layer_is_stored_and_its_text_extracted()
    {
        var bytes = DocumentTestFiles.Pdf("Senior Python developer");
        var store = _sandbox.Store();

        var upload = await store.SaveAsync(new MemoryStream(bytes), "My CV.pdf", "resume", CancellationToken.None);

        Assert.Equal(DocumentKind.Pdf, upload.Kind);
        Assert.Equal("application/pdf", upload.ContentType);
        Assert.Equal("My CV.pdf", upload.OriginalFileName);
        Assert.Equal(bytes.Length, upload.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), upload.Sha256);
        Assert.Matches("^2026/11/[0-9a-f]{32}\\.pdf$", upload.StorageKey);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.FullPath(upload.StorageKey)));
        Assert.Single(_sandbox.Files());

        var text = _extractor.Extract(store.FullPath(upload.StorageKey), upload.Kind);
        Assert.False(text.Failed, text.Error);
        Assert.Equal("Senior Python developer", text.Text);
    }

    [Fact]
    public async Task Pdf_without_a_text_layer_is_kept_and_flagged()
    {
        var store = _sandbox.Store();

        var upload = await store.SaveAsync(new MemoryStream(DocumentTestFiles.BlankPdf()), "scan.pdf", "resume", CancellationToken.None);

        Assert.Equal(new ExtractedText(null, true, "no text layer"), _extractor.Extract(store.FullPath(upload.StorageKey), upload.Kind));
    }

    [Fact]
    public async Task Docx_is_stored_and_its_paragraphs_extracted()
    {
        var store = _sandbox.Store();

        var upload = await store.SaveAsync(new MemoryStream(DocumentTestFiles.Docx("Jane Doe", "Backend engineer, 7 years")), "cv.docx", "resume", CancellationToken.None);

        Assert.Equal(DocumentKind.Docx, upload.Kind);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", upload.ContentType);
        Assert.EndsWith(".docx", upload.StorageKey);
        var text = _extractor.Extract(store.FullPath(upload.StorageKey), upload.Kind);
        Assert.Equal(new ExtractedText("Jane Doe\nBackend engineer, 7 years", false, null), text);
    }

    [Fact]
    public async Task Utf8_text_keeps_its_non_latin_characters()
    {
        const string content = "Résumé – 履歴書\nПрограммист, 5 лет";
        var store = _sandbox.Store();

        var upload = await store.SaveAsync(new MemoryStream(DocumentTestFiles.Utf8(content)), "notes", "resume", CancellationToken.None);

        Assert.Equal(DocumentKind.Text, upload.Kind);
        Assert.Equal("text/plain; charset=utf-8", upload.ContentType);
        Assert.Equal("notes", upload.OriginalFileName);
        Assert.Equal(new ExtractedText(content, false, null), _extractor.Extract(store.FullPath(upload.StorageKey), upload.Kind));
    }

    [Fact]
    public async Task Text_whose_characters_are_cut_by_every_read_and_the_8_KiB_mark_is_still_text()
    {
        // 3-byte characters read 8191 bytes at a time: the reads and the 8 KiB head all split characters.
        var content = string.Concat(Enumerable.Repeat("履歴書", 20_000));
        var body = GeneratedStream.Of(DocumentTestFiles.Utf8(content), maxRead: 8191);
        var store = _sandbox.Store();

        var upload = await store.SaveAsync(body, "cv.txt", "resume", CancellationToken.None);

        Assert.Equal(DocumentKind.Text, upload.Kind);
        Assert.Equal(content, _extractor.Extract(store.FullPath(upload.StorageKey), upload.Kind).Text);
    }

    [Fact]
    public async Task Legacy_doc_is_kept_but_its_text_is_reported_missing()
    {
        var store = _sandbox.Store();

        var upload = await store.SaveAsync(new MemoryStream(DocumentTestFiles.Ole2Doc()), "cv.doc", "resume", CancellationToken.None);

        Assert.Equal(DocumentKind.Doc, upload.Kind);
        Assert.Equal("application/msword", upload.ContentType);
        var text = _extractor.Extract(store.FullPath(upload.StorageKey), upload.Kind);
        Assert.Equal(new ExtractedText(null, true, "legacy .doc text extraction is not supported"), text);
        Assert.True(File.Exists(store.FullPath(upload.StorageKey)));
    }

    [Fact]
    public async Task Corrupt_pdf_is_kept_and_extraction_reports_the_failure()
    {
        var store = _sandbox.Store();

        var upload = await store.SaveAsync(new MemoryStream(DocumentTestFiles.CorruptPdf()), "cv.pdf", "resume", CancellationToken.None);

        Assert.Equal(DocumentKind.Pdf, upload.Kind);
        var text = _extractor.Extract(store.FullPath(upload.StorageKey), upload.Kind);
        Assert.True(text.Failed);
        Assert.Null(text.Text);
        Assert.False(string.IsNullOrWhiteSpace(text.Error));
        Assert.DoesNotContain("\n", text.Error);
    }

    [Fact]
    public async Task Stored_file_can_be_read_back_and_deleted_once()
    {
        var bytes = DocumentTestFiles.Utf8("hello");
        var store = _sandbox.Store();
        var upload = await store.SaveAsync(new MemoryStream(bytes), "a.txt", "resume", CancellationToken.None);

        using (var read = new MemoryStream())
        {
            await using (var stored = store.OpenRead(upload.StorageKey)) await stored.CopyToAsync(read);
            Assert.Equal(bytes, read.ToArray());
        }

        Assert.True(store.Delete(upload.StorageKey));
        Assert.False(store.Delete(upload.StorageKey));
        Assert.Empty(_sandbox.Files());
    }

    [Theory]
    [InlineData(null, "upload.txt")]
    [InlineData("", "upload.txt")]
    [InlineData("../../etc/cv.txt", "cv.txt")]
    [InlineData("C:\\Users\\jane\\cv.txt", "cv.txt")]
    [InlineData("c\u0000v\u001b.txt", "cv.txt")]
    [InlineData("cv\u202Etxt.exe", "cvtxt.exe")]
    [InlineData("..", "upload.txt")]
    public async Task Original_file_name_keeps_only_a_clean_last_segment(string? sent, string expected)
    {
        var upload = await _sandbox.Store().SaveAsync(new MemoryStream(DocumentTestFiles.Utf8("text")), sent, "resume", CancellationToken.None);

        Assert.Equal(expected, upload.OriginalFileName);
    }

    [Fact]
    public async Task Long_file_name_is_cut_to_255_characters_keeping_its_extension()
    {
        var upload = await _sandbox.Store().SaveAsync(new MemoryStream(DocumentTestFiles.Utf8("text")), new string('a', 400) + ".txt", "resume", CancellationToken.None);

        Assert.Equal(255, upload.OriginalFileName.Length);
        Assert.EndsWith("a.txt", upload.OriginalFileName);
    }
}
