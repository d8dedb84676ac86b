using System.Security.Cryptography;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Documents;

/// <summary>
/// Stores uploads under UPLOAD_DIR. Size is counted while streaming (the byte past MAX_FILE_SIZE ends the
/// read), type is decided by content (magic bytes, a real Word package, strict UTF-8), never by name alone.
/// </summary>
public sealed class UploadStore(IOptions<UploadOptions> options, TimeProvider clock)
{
    private const int ChunkSize = 81920;
    private const int SniffBytes = 8192;
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private UploadOptions Options => options.Value;
    private string Root => Path.GetFullPath(Options.UploadDir);

    public async Task<StoredUpload> SaveAsync(Stream source, string? fileName, string field, CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        var temp = Path.Combine(Root, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            long length = 0;
            var head = new MemoryStream();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, ChunkSize, useAsync: true))
            {
                var buffer = new byte[ChunkSize];
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    length += read;
                    if (length > Options.MaxFileSize) throw new UploadTooLargeException(field, Options.MaxFileSize);
                    if (head.Length < SniffBytes) head.Write(buffer, 0, (int)Math.Min(read, SniffBytes - head.Length));
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            if (length == 0) throw new UnsupportedUploadException(field, "file is empty");

            var kind = await SniffAsync(head.ToArray(), temp, field, ct);
            CheckAllowed(kind, fileName, field);

            var extension = Extension(kind);
            var now = clock.GetUtcNow();
            var key = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}.{extension}";
            var final = FullPath(key);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(temp, final);
            return new StoredUpload(key, SafeName(fileName, extension), ContentType(kind), length, kind, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public Stream OpenRead(string storageKey) => new FileStream(FullPath(storageKey), FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, useAsync: true);

    /// <summary>Deletes a stored file; a missing one is fine (idempotent).</summary>
    public bool Delete(string storageKey)
    {
        var path = FullPath(storageKey);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    /// <summary>The file's path, refusing keys that would leave UPLOAD_DIR.</summary>
    public string FullPath(string storageKey)
    {
        var path = Path.GetFullPath(Path.Combine(Root, storageKey));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new ArgumentException("Storage key leaves the upload directory", nameof(storageKey));
        return path;
    }

    private static async Task<DocumentKind> SniffAsync(byte[] head, string path, string field, CancellationToken ct)
    {
        if (head.AsSpan().StartsWith("%PDF-"u8)) return DocumentKind.Pdf;
        if (head.AsSpan().StartsWith(OleSignature)) return DocumentKind.Doc;
        if (head.AsSpan().StartsWith("PK\x03\x04"u8))
        {
            return IsWordDocument(path) ? DocumentKind.Docx : throw new UnsupportedUploadException(field, "a ZIP archive that is not a Word document");
        }
        if (await IsUtf8TextAsync(path, ct)) return DocumentKind.Text;
        throw new UnsupportedUploadException(field, "content is not PDF, DOCX, DOC or UTF-8 text");
    }

    private static bool IsWordDocument(string path)
    {
        try
        {
            using var document = WordprocessingDocument.Open(path, isEditable: false);
            return document.MainDocumentPart is not null;
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Strict UTF-8 over the whole file, no NUL bytes (binary files are full of them).</summary>
    private static async Task<bool> IsUtf8TextAsync(string path, CancellationToken ct)
    {
        var decoder = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var chars = new char[ChunkSize + 4];
        var buffer = new byte[ChunkSize];
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, useAsync: true);
        try
        {
            int read;
            while ((read = await file.ReadAsync(buffer, ct)) > 0)
            {
                if (buffer.AsSpan(0, read).Contains((byte)0)) return false;
                decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
            }
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }
    }

    private void CheckAllowed(DocumentKind kind, string? fileName, string field)
    {
        var extension = Extension(kind);
        if (!Options.AllowedExtensions.Contains(extension)) throw new UnsupportedUploadException(field, $"{extension} uploads are not allowed");
        var named = Path.GetExtension(fileName ?? "").TrimStart('.').ToLowerInvariant();
        if (UploadOptions.KnownExtensions.Contains(named) && named != extension)
        {
            throw new UnsupportedUploadException(field, $"file name says .{named} but the content is {extension}");
        }
    }

    private static string Extension(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "pdf",
        DocumentKind.Docx => "docx",
        DocumentKind.Doc => "doc",
        _ => "txt",
    };

    private static string ContentType(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        DocumentKind.Doc => "application/msword",
        _ => "text/plain; charset=utf-8",
    };

    private static string SafeName(string? fileName, string extension)
    {
        var name = new string(Path.GetFileName((fileName ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0 || name is "." or "..") name = $"upload.{extension}";
        return name.Length <= 255 ? name : name[^255..];
    }
}
