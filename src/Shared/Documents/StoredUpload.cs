namespace InterviewPlatform.Shared.Documents;

/// <summary>
/// A file kept in UPLOAD_DIR. <see cref="StorageKey"/> is its path relative to that directory with '/' separators,
/// so it stays valid when the directory moves; <see cref="Sha256"/> is lowercase hex.
/// </summary>
public sealed record StoredUpload(string StorageKey, string OriginalFileName, string ContentType, long Length, DocumentKind Kind, string Sha256);
