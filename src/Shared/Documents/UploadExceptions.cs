using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Http;

namespace InterviewPlatform.Shared.Documents;

/// <summary>413 in v7's words for the field: "Resume file too large".</summary>
public sealed class UploadTooLargeException(string field, long maxBytes) : ApiException(
    StatusCodes.Status413PayloadTooLarge,
    $"{Label(field)} file too large",
    new[] { new FieldError(field, $"must be at most {maxBytes} bytes") })
{
    public long MaxBytes { get; } = maxBytes;

    // "cover_letter" reads as "Cover letter file too large".
    private static string Label(string field) =>
        field.Length == 0 ? "Uploaded" : char.ToUpperInvariant(field[0]) + field[1..].Replace('_', ' ');
}

/// <summary>415: the content is not a document this platform accepts, whatever its name says.</summary>
public sealed class UnsupportedUploadException(string field, string reason) : ApiException(
    StatusCodes.Status415UnsupportedMediaType,
    "Unsupported file type",
    new[] { new FieldError(field, reason) })
{
    public string Reason { get; } = reason;
}
