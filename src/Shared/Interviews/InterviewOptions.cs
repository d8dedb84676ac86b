using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Interviews;

/// <summary>v7's front-end URLs and languages, plus our scheduling limits.</summary>
public sealed class InterviewOptions
{
    public static readonly string[] KnownLanguages = ["en", "es", "fr", "de", "pt", "hi", "zh", "ja", "ko", "ar", "ru", "it"];

    [ConfigurationKeyName("PROD_URL")] public string? ProdUrl { get; set; }
    [ConfigurationKeyName("LOCAL_FRONTEND_URL")] public string LocalFrontendUrl { get; set; } = "http://localhost:3000";
    [ConfigurationKeyName("DEFAULT_LANGUAGE")] public string DefaultLanguage { get; set; } = "en";
    [ConfigurationKeyName("SUPPORTED_LANGUAGES")] public string SupportedLanguagesList { get; set; } = string.Join(',', KnownLanguages);

    /// <summary>After the slot's end plus this, an interview nobody joined is expired (a no-show).</summary>
    [ConfigurationKeyName("NO_SHOW_GRACE_MINUTES")] public int NoShowGraceMinutes { get; set; } = 60;

    public string[] SupportedLanguages => SupportedLanguagesList
        .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(l => l.ToLowerInvariant()).ToArray();

    /// <summary>Where candidates open their interview: PROD_URL when set, else LOCAL_FRONTEND_URL.</summary>
    public string JoinUrl(Guid interviewId, string candidateToken) =>
        $"{(string.IsNullOrWhiteSpace(ProdUrl) ? LocalFrontendUrl : ProdUrl).TrimEnd('/')}/interview/{interviewId}?token={Uri.EscapeDataString(candidateToken)}";
}

internal sealed class InterviewOptionsValidator : IValidateOptions<InterviewOptions>
{
    public ValidateOptionsResult Validate(string? name, InterviewOptions o)
    {
        var failures = new List<string>();
        foreach (var (key, url) in new[] { ("PROD_URL", o.ProdUrl), ("LOCAL_FRONTEND_URL", o.LocalFrontendUrl) })
        {
            if (!string.IsNullOrWhiteSpace(url) && !Uri.TryCreate(url, UriKind.Absolute, out _)) failures.Add($"{key} must be an absolute URL, got '{url}'");
        }
        var unknown = o.SupportedLanguages.Except(InterviewOptions.KnownLanguages).ToList();
        if (unknown.Count > 0) failures.Add($"SUPPORTED_LANGUAGES has unknown languages: {string.Join(", ", unknown)}");
        if (!o.SupportedLanguages.Contains(o.DefaultLanguage)) failures.Add($"DEFAULT_LANGUAGE '{o.DefaultLanguage}' is not in SUPPORTED_LANGUAGES");
        if (o.NoShowGraceMinutes is < 0 or > 24 * 60) failures.Add("NO_SHOW_GRACE_MINUTES must be between 0 and 1440");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
