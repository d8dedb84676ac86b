using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Documents;

/// <summary>
/// Keeps uploads under UPLOAD_DIR as <c>yyyy/MM/guid.ext</c>. Size is counted while streaming and the read stops one
/// byte past MAX_FILE_SIZE; the type comes from the content (magic bytes, a real Word package, strict UTF-8), never
/// from the name, and a name that claims another document kind is refused.
/// </summary>
public sealed class UploadStore(IOptions<UploadOptions> options, TimeProvider clock)
{
    private const int ChunkSize = 81920;
    private const int MaxFileNameLength = 255;

    private string Root => Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.UploadDir));

    public async Task<StoredUpload> SaveAsync(Stream source, string? fileName, string field, CancellationToken ct)
    {
        var settings = options.Value;
        var maxBytes = settings.MaxFileSize;
        var allowed = settings.AllowedExtensions;
        var name = CleanFileName(fileName);

        // Inside UPLOAD_DIR, so the final move is a rename on the same volume.
        var root = Root;
        Directory.CreateDirectory(root);
        var temp = Path.Combine(root, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            var sniffer = new ContentSniffer(field);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true))
            {
                var buffer = new byte[ChunkSize];
                int read;
                // Never ask for more than one byte past the cap: that byte is all it takes to know the upload is too large.
                while ((read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ChunkSize, maxBytes + 1 - length)), ct)) > 0)
                {
                    length += read;
                    if (length > maxBytes) throw new UploadTooLargeException(field, maxBytes);
                    if (sniffer.Append(buffer.AsSpan(0, read))) Admit(sniffer.Kind!.Value, name, allowed, field);
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            if (length == 0) throw new UnsupportedUploadException(field, "file is empty");

            var kind = sniffer.Finish();
            Admit(kind, name, allowed, field);
            // The declared sizes first: opening the package to look at it must not inflate a bomb.
            if (kind == DocumentKind.Docx && WordText.DeclaredBomb(temp) is { } bomb) throw new UnsupportedUploadException(field, bomb);
            if (kind == DocumentKind.Docx && !ContentSniffer.IsWordPackage(temp)) throw new UnsupportedUploadException(field, "not a Word document");

            var extension = kind.Extension();
            // Invariant: a Thai or Japanese server culture would otherwise write its own calendar's year.
            var key = $"{clock.GetUtcNow().ToString("yyyy'/'MM", CultureInfo.InvariantCulture)}/{Guid.NewGuid():N}.{extension}";
            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            var path = FullPath(key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(temp, path);
            return new StoredUpload(key, name.Length > 0 ? name : $"upload.{extension}", kind.ContentType(), length, kind, sha256);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Stream OpenRead(string storageKey) =>
        new FileStream(FullPath(storageKey), FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Deletes a stored file; false when it was already gone, so retention jobs can repeat safely.</summary>
    public bool Delete(string storageKey)
    {
        var path = FullPath(storageKey);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    /// <summary>
    /// Every upload under UPLOAD_DIR (<c>yyyy/MM/*</c>) as a storage key with its last write, abandoned temporary uploads
    /// (<c>.upload-*.tmp</c>) included. Other folders there are not uploads: the speech cache (TTS_CACHE_DIR defaults to
    /// UPLOAD_DIR/tts-cache) keeps clips no row references, on purpose.
    /// </summary>
    public IEnumerable<(string StorageKey, DateTimeOffset WrittenAt)> List()
    {
        var root = Root;
        if (!Directory.Exists(root)) yield break;
        var months = Directory.EnumerateDirectories(root).Where(d => IsNumber(Path.GetFileName(d), 4))
            .SelectMany(year => Directory.EnumerateDirectories(year).Where(d => IsNumber(Path.GetFileName(d), 2)));
        var files = Directory.EnumerateFiles(root, ".upload-*.tmp").Concat(months.SelectMany(month => Directory.EnumerateFiles(month)));
        foreach (var path in files)
        {
            yield return (Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'), File.GetLastWriteTimeUtc(path));
        }

        static bool IsNumber(string name, int digits) => name.Length == digits && name.All(char.IsAsciiDigit);
    }

    /// <summary>The absolute path of a stored file. Keys come back from clients and the database, so one that leaves UPLOAD_DIR is refused.</summary>
    public string FullPath(string storageKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storageKey);
        var root = Root;
        var path = Path.GetFullPath(storageKey, root);
        var relative = Path.GetRelativePath(root, path);
        if (relative == "." || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException("The storage key points outside UPLOAD_DIR", nameof(storageKey));
        }
        return path;
    }

    /// <summary>Refuses kinds the operator has not allowed, and names that claim another document kind (a mistake or a disguise).</summary>
    private static void Admit(DocumentKind kind, string name, IReadOnlySet<string> allowed, string field)
    {
        var extension = kind.Extension();
        if (!allowed.Contains(extension)) throw new UnsupportedUploadException(field, $"{extension} uploads are not allowed");
        var named = Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
        if (named != extension && UploadOptions.KnownExtensions.Contains(named))
        {
            throw new UnsupportedUploadException(field, $"file name says .{named} but the content is {Describe(kind)}");
        }
    }

    // Before the package is opened a DOCX is only known to be a ZIP.
    private static string Describe(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "PDF",
        DocumentKind.Docx => "a ZIP (DOCX) package",
        DocumentKind.Doc => "a legacy Word (DOC) file",
        _ => "plain text",
    };

    /// <summary>
    /// The last path segment of what the browser sent, without control or bidi-format characters (an RTL override
    /// makes "cv\u202Efdp.exe" display as "cvexe.pdf"), at most 255 chars; "" when nothing is left.
    /// </summary>
    internal static string CleanFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var kept = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format)) kept.Append(rune);
        }
        name = kept.ToString().Trim();
        if (name is "." or "..") return "";
        if (name.Length <= MaxFileNameLength) return name;
        // Keep the end, where the extension is, without splitting a surrogate pair.
        var start = name.Length - MaxFileNameLength;
        return name[(char.IsLowSurrogate(name[start]) ? start + 1 : start)..];
    }
}
