using InterviewPlatform.Shared.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Ai;

public enum AiProvider
{
    Offline,
    Gemini,
    Vertex,
    Openai,
}

/// <summary>
/// Which model answers evaluation, question generation and resume matching. AI_PROVIDER chooses; left unset,
/// v7's rules hold: USE_MOCK_AI=true means offline, else GEMINI_API_KEY means Gemini, else offline.
/// </summary>
public sealed class AiOptions
{
    [ConfigurationKeyName("AI_PROVIDER")] public string? ProviderName { get; set; }
    [ConfigurationKeyName("USE_MOCK_AI")] public bool UseMockAi { get; set; }

    [ConfigurationKeyName("GEMINI_API_KEY")] public string? GeminiApiKey { get; set; }
    [ConfigurationKeyName("GEMINI_MODEL")] public string GeminiModel { get; set; } = "gemini-2.5-flash";
    [ConfigurationKeyName("GEMINI_BASE_URL")] public string GeminiBaseUrl { get; set; } = "https://generativelanguage.googleapis.com";

    /// <summary>A service-account key file (JSON); its token_uri is where the access token is fetched.</summary>
    [ConfigurationKeyName("GOOGLE_APPLICATION_CREDENTIALS")] public string? VertexCredentialsFile { get; set; }
    [ConfigurationKeyName("VERTEX_PROJECT")] public string? VertexProject { get; set; }
    [ConfigurationKeyName("VERTEX_LOCATION")] public string VertexLocation { get; set; } = "us-central1";
    [ConfigurationKeyName("VERTEX_MODEL")] public string? VertexModel { get; set; }

    /// <summary>Unset: https://{VERTEX_LOCATION}-aiplatform.googleapis.com.</summary>
    [ConfigurationKeyName("VERTEX_BASE_URL")] public string? VertexBaseUrl { get; set; }

    [ConfigurationKeyName("OPENAI_API_KEY")] public string? OpenAiApiKey { get; set; }
    [ConfigurationKeyName("OPENAI_MODEL")] public string OpenAiModel { get; set; } = "gpt-4o-mini";

    /// <summary>Any OpenAI-compatible chat-completions endpoint, up to and including its version segment.</summary>
    [ConfigurationKeyName("OPENAI_BASE_URL")] public string OpenAiBaseUrl { get; set; } = "https://api.openai.com/v1";

    /// <summary>Per attempt, until the whole answer is in (models answer in one piece, not streamed).</summary>
    [ConfigurationKeyName("AI_TIMEOUT_SECONDS")] public double TimeoutSeconds { get; set; } = 60;

    /// <summary>Retries of a request that timed out or answered 408, 429 or 5xx (a Retry-After header sets the wait).</summary>
    [ConfigurationKeyName("AI_RETRIES")] public int Retries { get; set; } = 3;

    [ConfigurationKeyName("AI_RETRY_DELAY_MS")] public int RetryDelayMs { get; set; } = 1000;

    public AiProvider Provider => WireEnum<AiProvider>.TryParse(ProviderName?.Trim(), out var chosen) ? chosen
        : UseMockAi ? AiProvider.Offline
        : !string.IsNullOrWhiteSpace(GeminiApiKey) ? AiProvider.Gemini
        : AiProvider.Offline;

    public string Model => Provider switch
    {
        AiProvider.Gemini => GeminiModel,
        AiProvider.Vertex => VertexModel ?? GeminiModel,
        AiProvider.Openai => OpenAiModel,
        _ => "offline",
    };

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}

internal sealed class AiOptionsValidator : IValidateOptions<AiOptions>
{
    public ValidateOptionsResult Validate(string? name, AiOptions o)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.ProviderName) && !WireEnum<AiProvider>.TryParse(o.ProviderName.Trim(), out _))
            failures.Add($"AI_PROVIDER must be one of {string.Join(", ", WireEnum<AiProvider>.AllNames)}, got '{o.ProviderName}'");
        switch (o.Provider)
        {
            case AiProvider.Gemini when string.IsNullOrWhiteSpace(o.GeminiApiKey):
                failures.Add("AI_PROVIDER=gemini needs GEMINI_API_KEY");
                break;
            case AiProvider.Vertex when string.IsNullOrWhiteSpace(o.VertexCredentialsFile) || string.IsNullOrWhiteSpace(o.VertexProject):
                failures.Add("AI_PROVIDER=vertex needs GOOGLE_APPLICATION_CREDENTIALS (a service-account key file) and VERTEX_PROJECT");
                break;
            case AiProvider.Vertex when !File.Exists(o.VertexCredentialsFile):
                failures.Add($"GOOGLE_APPLICATION_CREDENTIALS names a file that does not exist: {o.VertexCredentialsFile}");
                break;
            case AiProvider.Openai when string.IsNullOrWhiteSpace(o.OpenAiApiKey):
                failures.Add("AI_PROVIDER=openai needs OPENAI_API_KEY");
                break;
        }
        foreach (var (key, url) in new[] { ("GEMINI_BASE_URL", o.GeminiBaseUrl), ("OPENAI_BASE_URL", o.OpenAiBaseUrl), ("VERTEX_BASE_URL", o.VertexBaseUrl) })
        {
            if (!string.IsNullOrWhiteSpace(url) && !Uri.TryCreate(url, UriKind.Absolute, out _)) failures.Add($"{key} must be an absolute URL, got '{url}'");
        }
        if (o.TimeoutSeconds is <= 0 or > 600) failures.Add("AI_TIMEOUT_SECONDS must be between 0 and 600");
        if (o.Retries is < 0 or > 10) failures.Add("AI_RETRIES must be between 0 and 10");
        if (o.RetryDelayMs is < 0 or > 60_000) failures.Add("AI_RETRY_DELAY_MS must be between 0 and 60000");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
