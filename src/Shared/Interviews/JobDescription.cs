using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Tenancy;

namespace InterviewPlatform.Shared.Interviews;

/// <summary>A job posting (v7's <c>jd_details</c>): its text, optional file, and ordered questions.</summary>
public sealed class JobDescription : IHasTimestamps, IAudited
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
    public required string Title { get; set; }
    public string? Description { get; set; }
    public required string Domain { get; set; }
    public bool IsActive { get; set; } = true;
    public StoredFile? File { get; set; }
    public List<JdQuestion> Questions { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    int? IAudited.OwningCompanyId => CompanyId;
}

/// <summary>A question as the recruiter wrote it on the JD; copied into each interview when scheduled.</summary>
public sealed class JdQuestion : IQuestion
{
    public int Id { get; set; }
    public int JobDescriptionId { get; set; }
    public int Ordinal { get; set; }
    public required string Text { get; set; }
    public string? ExpectedAnswer { get; set; }
    public List<string> Keywords { get; set; } = [];
    public QuestionKind Kind { get; set; }
    public int TimeLimitSeconds { get; set; }
    public string? CodeLanguage { get; set; }
    public string? StarterCode { get; set; }

    /// <summary>The recruiter's "generate questions" request that wrote this question, so a retried job adds nothing twice.</summary>
    public Guid? GenerationRequestId { get; set; }
}

public enum QuestionKind
{
    Verbal,
    Coding,
}

/// <summary>What every question row carries, on a JD, in the bank or in an interview.</summary>
public interface IQuestion
{
    string Text { get; }
    string? ExpectedAnswer { get; }
    List<string> Keywords { get; }
    QuestionKind Kind { get; }
    int TimeLimitSeconds { get; }
    string? CodeLanguage { get; }
    string? StarterCode { get; }
}

/// <summary>An uploaded file kept on disk (UPLOAD_DIR) with its extracted text.</summary>
public sealed class StoredFile
{
    public required string StorageKey { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public string? Sha256 { get; set; }
    public string? Text { get; set; }
    /// <summary>The file is kept but its text could not be read (scanned PDF, legacy .doc, corrupt file).</summary>
    public bool TextFailed { get; set; }
    public string? TextError { get; set; }

    public static StoredFile From(Documents.StoredUpload upload, Documents.ExtractedText text) => new()
    {
        StorageKey = upload.StorageKey,
        FileName = upload.OriginalFileName,
        ContentType = upload.ContentType,
        Length = upload.Length,
        Sha256 = upload.Sha256,
        Text = text.Text,
        TextFailed = text.Failed,
        TextError = text.Error,
    };
}
