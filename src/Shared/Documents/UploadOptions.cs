using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Documents;

/// <summary>v7's upload settings: size cap, allowed kinds, where files live and how long resumes are kept.</summary>
public sealed class UploadOptions
{
    public const long MinFileSizeLimit = 1024;
    public const long MaxFileSizeLimit = 100 * 1024 * 1024;

    /// <summary>Every extension ALLOWED_EXTENSIONS may name: the kinds <see cref="UploadStore"/> can recognise by content.</summary>
    public static readonly IReadOnlySet<string> KnownExtensions = new HashSet<string> { "pdf", "doc", "docx", "txt" };

    [ConfigurationKeyName("MAX_FILE_SIZE")] public long MaxFileSize { get; set; } = 10 * 1024 * 1024;
    [ConfigurationKeyName("ALLOWED_EXTENSIONS")] public string AllowedExtensionsList { get; set; } = "pdf,doc,docx,txt";
    [ConfigurationKeyName("UPLOAD_DIR")] public string UploadDir { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), "uploads");
    [ConfigurationKeyName("UPLOAD_RETENTION_DAYS")] public int RetentionDays { get; set; } = 365;

    /// <summary>ALLOWED_EXTENSIONS as v7 operators write it: "pdf,docx", ".PDF, .Docx" and the like.</summary>
    public IReadOnlySet<string> AllowedExtensions => AllowedExtensionsList
        .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(e => e.TrimStart('.').ToLowerInvariant())
        .Where(e => e.Length > 0)
        .ToHashSet();
}

internal sealed class UploadOptionsValidator : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions o)
    {
        var failures = new List<string>();
        if (o.MaxFileSize is < UploadOptions.MinFileSizeLimit or > UploadOptions.MaxFileSizeLimit)
        {
            failures.Add($"MAX_FILE_SIZE must be between {UploadOptions.MinFileSizeLimit} and {UploadOptions.MaxFileSizeLimit} bytes, got {o.MaxFileSize}");
        }
        var allowed = o.AllowedExtensions;
        var unknown = allowed.Where(e => !UploadOptions.KnownExtensions.Contains(e)).ToList();
        if (allowed.Count == 0) failures.Add("ALLOWED_EXTENSIONS must list at least one of pdf, doc, docx, txt");
        if (unknown.Count > 0) failures.Add($"ALLOWED_EXTENSIONS may only list pdf, doc, docx, txt; got {string.Join(", ", unknown)}");
        if (string.IsNullOrWhiteSpace(o.UploadDir)) failures.Add("UPLOAD_DIR must not be empty");
        if (o.RetentionDays < 1) failures.Add($"UPLOAD_RETENTION_DAYS must be 1 or more, got {o.RetentionDays}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
