namespace InterviewPlatform.Shared.Documents;

/// <summary>What an upload is, decided by its content rather than its name.</summary>
public enum DocumentKind
{
    Pdf,
    Docx,
    Doc,
    Text,
}

public static class DocumentKinds
{
    /// <summary>The extension as ALLOWED_EXTENSIONS spells it, also used for stored file names.</summary>
    public static string Extension(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "pdf",
        DocumentKind.Docx => "docx",
        DocumentKind.Doc => "doc",
        DocumentKind.Text => "txt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string ContentType(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        DocumentKind.Doc => "application/msword",
        DocumentKind.Text => "text/plain; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
