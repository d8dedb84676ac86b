using InterviewPlatform.Shared.Documents;
using InterviewPlatform.Shared.Web;

namespace InterviewPlatform.Shared.Tests.Documents;

/// <summary>What the store refuses, how it answers, and that nothing is left in UPLOAD_DIR afterwards.</summary>
public sealed class UploadRejectionTests : IDisposable
{
    private const int Chunk = 81920;
    private const long TenMiB = 10 * 1024 * 1024;

    private readonly UploadSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Body_over_the_cap_is_refused_without_reading_the_rest()
    {
        var body = new GeneratedStream(50L * 1024 * 1024, i => (byte)'a');

        var error = await Assert.ThrowsAsync<UploadTooLargeException>(() =>
            _sandbox.Store(maxFileSize: TenMiB).SaveAsync(body, "cv.txt", "resume", CancellationToken.None));

        Assert.Equal(413, error.Status);
        Assert.Equal("Resume file too large", error.Message);
        Assert.Equal(new FieldError("resume", $"must be at most {TenMiB} bytes"), Assert.Single((FieldError[])error.Details!));
        Assert.InRange(body.BytesRead, TenMiB + 1, TenMiB + Chunk);
        Assert.Empty(_sandbox.Files());
    }

    [Fact]
    public async Task Body_exactly_at_the_cap_is_accepted()
    {
        var body = new GeneratedStream(1024, i => (byte)'a');

        var upload = await _sandbox.Store(maxFileSize: 1024).SaveAsync(body, "cv.txt", "resume", CancellationToken.None);

        Assert.Equal(1024, upload.Length);
    }

    [Fact]
    public void Too_large_names_other_fields_in_words()
    {
        Assert.Equal("Cover letter file too large", new UploadTooLargeException("cover_letter", 1024).Message);
    }

    [Fact]
    public async Task Renamed_executable_is_refused_after_its_first_chunk()
    {
        var body = GeneratedStream.Of(DocumentTestFiles.Executable(5 * 1024 * 1024));

        var error = await Assert.ThrowsAsync<UnsupportedUploadException>(() =>
            _sandbox.Store().SaveAsync(body, "cv.pdf", "resume", CancellationToken.None));

        Assert.Equal(415, error.Status);
        Assert.Equal("Unsupported file type", error.Message);
        Assert.Equal(new FieldError("resume", "content is not PDF, DOCX, DOC or UTF-8 text"), Assert.Single((FieldError[])error.Details!));
        Assert.True(body.BytesRead <= Chunk, $"read {body.BytesRead} bytes of an executable");
        Assert.Empty(_sandbox.Files());
    }

    public static TheoryData<string, byte[], string?, string, string> Refused => new()
    {
        { "zip that is not a Word package", DocumentTestFiles.Zip(), "cv.docx", "pdf,doc,docx,txt", "not a Word document" },
        { "pdf named docx", DocumentTestFiles.Pdf("cv"), "cv.docx", "pdf,doc,docx,txt", "file name says .docx but the content is PDF" },
        { "docx named pdf", DocumentTestFiles.Docx("cv"), "cv.PDF", "pdf,doc,docx,txt", "file name says .pdf but the content is a ZIP (DOCX) package" },
        { "pdf not allowed", DocumentTestFiles.Pdf("cv"), "cv.pdf", "docx,txt", "pdf uploads are not allowed" },
        { "text not allowed", DocumentTestFiles.Utf8("plain"), null, ".PDF, .Docx", "txt uploads are not allowed" },
        { "empty", [], "cv.pdf", "pdf,doc,docx,txt", "file is empty" },
        { "png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. DocumentTestFiles.Noise(512, seed: 4)], "photo.png", "pdf,doc,docx,txt", "content is not PDF, DOCX, DOC or UTF-8 text" },
        { "latin-1 text", [(byte)'R', 0xE9, (byte)'s', (byte)'u', (byte)'m', 0xE9], "cv.txt", "pdf,doc,docx,txt", "content is not PDF, DOCX, DOC or UTF-8 text" },
        { "text with a NUL", DocumentTestFiles.Utf8("name\0value"), "cv.txt", "pdf,doc,docx,txt", "content is not PDF, DOCX, DOC or UTF-8 text" },
        { "text ending mid-character", [.. DocumentTestFiles.Utf8("履歴"), 0xE6, 0x9B], "cv.txt", "pdf,doc,docx,txt", "content is not PDF, DOCX, DOC or UTF-8 text" },
        { "text turning binary after 8 KiB", [.. DocumentTestFiles.Utf8(new string('a', 20_000)), .. DocumentTestFiles.Noise(4096, seed: 5)], "cv.txt", "pdf,doc,docx,txt", "content is not PDF, DOCX, DOC or UTF-8 text" },
        { "text turning binary after 100 KiB", [.. DocumentTestFiles.Utf8(new string('a', 100_000)), 0xFF], "cv.txt", "pdf,doc,docx,txt", "content is not PDF, DOCX, DOC or UTF-8 text" },
        { "text named pdf", DocumentTestFiles.Utf8("plain"), "cv.pdf", "pdf,doc,docx,txt", "file name says .pdf but the content is plain text" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Refused_content_is_415_and_leaves_nothing_behind(string why, byte[] content, string? fileName, string allowed, string reason)
    {
        var error = await Assert.ThrowsAsync<UnsupportedUploadException>(() =>
            _sandbox.Store(allowed: allowed).SaveAsync(new MemoryStream(content), fileName, "resume", CancellationToken.None));

        Assert.Equal(415, error.Status);
        Assert.Equal(new FieldError("resume", reason), Assert.Single((FieldError[])error.Details!));
        Assert.True(_sandbox.Files().Length == 0, $"{why}: files left behind");
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("2026/../../outside.pdf")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public void Storage_key_leaving_upload_dir_is_refused(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => _sandbox.Store().FullPath(key));
    }

    [Fact]
    public void Storage_key_inside_upload_dir_resolves_there_even_with_a_trailing_slash_in_upload_dir()
    {
        var store = new UploadStore(Microsoft.Extensions.Options.Options.Create(new UploadOptions { UploadDir = _sandbox.Root + "/" }), TimeProvider.System);

        Assert.Equal(Path.Combine(_sandbox.Root, "2026", "11", "a.pdf"), store.FullPath("2026/11/a.pdf"));
        Assert.Equal(Path.Combine(_sandbox.Root, "..name.pdf"), store.FullPath("..name.pdf"));
    }
}
