using System.Text;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace InterviewPlatform.Admin.Api.Uploads;

/// <summary>
/// Reads a multipart form section by section: text fields into memory (small, capped), files straight
/// into the <see cref="UploadStore"/>, which counts and sniffs while streaming. Nothing is buffered whole,
/// so an oversized upload costs at most MAX_FILE_SIZE before it is refused.
/// </summary>
public sealed class MultipartForm
{
    private const int MaxFieldBytes = 16 * 1024;
    private const int MaxFields = 64;

    public Dictionary<string, string> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, StoredUpload> Files { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? this[string name] => Fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public static async Task<MultipartForm> ReadAsync(HttpRequest request, UploadStore store, ISet<string> fileFields, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type: expected multipart/form-data");
        }

        var form = new MultipartForm();
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
            while (await MalformedBody.GuardAsync(() => reader.ReadNextSectionAsync(ct)) is { } section)
            {
                section.Body = new MalformedBody(section.Body);
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (form.Fields.Count + form.Files.Count >= MaxFields) throw new RequestValidationException("body", "too many form fields");

                if (disposition.IsFileDisposition() && fileFields.Contains(name))
                {
                    // A second file would replace the first in the form and leave it on disk, referenced by nothing.
                    if (form.Files.ContainsKey(name)) throw new RequestValidationException(name, "send one file in this field, not several");
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    form.Files[name] = await store.SaveAsync(section.Body, fileName, name, ct);
                }
                else if (!disposition.IsFileDisposition())
                {
                    form.Fields[name] = await ReadFieldAsync(section.Body, name, ct);
                }
                // A file in a field we do not take is skipped unread.
            }
        }
        catch
        {
            form.DeleteFiles(store);
            throw;
        }
        return form;
    }

    /// <summary>Removes the stored files, for a request that fails after they were saved.</summary>
    public void DeleteFiles(UploadStore store)
    {
        foreach (var file in Files.Values) store.Delete(file.StorageKey);
    }

    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken ct)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length, buffer.Length - length), ct)) > 0)
        {
            length += read;
            if (length > MaxFieldBytes) throw new RequestValidationException(name, $"must be at most {MaxFieldBytes} bytes");
        }
        var text = Encoding.UTF8.GetString(buffer, 0, length);
        CleanText.Require(text, name);
        return text;
    }
}
