using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Http;

namespace InterviewPlatform.Shared.Documents;

public enum DocumentKind
{
    Pdf,
    Docx,
    Doc,
    Text,
}

/// <summary>A file kept in UPLOAD_DIR; <see cref="StorageKey"/> is its path relative to that directory.</summary>
public sealed record StoredUpload(string StorageKey, string OriginalFileName, string ContentType, long Length, DocumentKind Kind, string Sha256);

/// <summary>413, with v7's wording for the resume ("Resume file too large").</summary>
public sealed class UploadTooLargeException(string field, long maxBytes) : ApiException(StatusCodes.Status413PayloadTooLarge,
    $"{char.ToUpperInvariant(field[0])}{field[1..].Replace('_', ' ')} file too large", new[] { new FieldError(field, $"must be at most {maxBytes} bytes") });

/// <summary>415: the content is not an allowed document, whatever its name says.</summary>
public sealed class UnsupportedUploadException(string field, string reason)
    : ApiException(StatusCodes.Status415UnsupportedMediaType, "Unsupported file type", new[] { new FieldError(field, reason) });
