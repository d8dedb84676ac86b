using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Documents;

/// <summary>v7's upload settings: size cap, allowed kinds, where files live and how long resumes are kept.</summary>
public sealed class UploadOptions
{
    public static readonly string[] KnownExtensions = ["pdf", "doc", "docx", "txt"];

    [ConfigurationKeyName("MAX_FILE_SIZE")] public long MaxFileSize { get; set; } = 10 * 1024 * 1024;
    [ConfigurationKeyName("ALLOWED_EXTENSIONS")] public string AllowedExtensionsList { get; set; } = "pdf,doc,docx,txt";
    [ConfigurationKeyName("UPLOAD_DIR")] public string UploadDir { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), "uploads");
    [ConfigurationKeyName("UPLOAD_RETENTION_DAYS")] public int RetentionDays { get; set; } = 365;

    public IReadOnlySet<string> AllowedExtensions => AllowedExtensionsList
        .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(e => e.TrimStart('.').ToLowerInvariant()).ToHashSet();
}

internal sealed class UploadOptionsValidator : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions o)
    {
        var failures = new List<string>();
        if (o.MaxFileSize is < 1024 or > 100 * 1024 * 1024) failures.Add($"MAX_FILE_SIZE must be between 1024 and {100 * 1024 * 1024} bytes");
        var unknown = o.AllowedExtensions.Except(UploadOptions.KnownExtensions).ToList();
        if (o.AllowedExtensions.Count == 0 || unknown.Count > 0)
            failures.Add($"ALLOWED_EXTENSIONS must list some of {string.Join(",", UploadOptions.KnownExtensions)}{(unknown.Count > 0 ? $"; unknown: {string.Join(",", unknown)}" : "")}");
        if (string.IsNullOrWhiteSpace(o.UploadDir)) failures.Add("UPLOAD_DIR must not be empty");
        if (o.RetentionDays < 1) failures.Add("UPLOAD_RETENTION_DAYS must be 1 or more");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
