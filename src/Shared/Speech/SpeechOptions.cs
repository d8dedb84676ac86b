using InterviewPlatform.Shared.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Text-to-speech settings. TTS_PROVIDER picks the first provider (deepgram, espeak or none); left unset it is
/// deepgram when DEEPGRAM_API_KEY is set, else espeak when espeak-ng is installed, else none. Deepgram falls back
/// to espeak-ng when it is installed, and both fall back to text only.
/// </summary>
public sealed class SpeechOptions
{
    /// <summary>
    /// Aura-2 voices per language, as Deepgram documents them (en es fr de it ja, plus nl which v7 does not offer).
    /// Deepgram has no voice for pt, hi, zh, ko, ar or ru: those are spoken by espeak-ng, recorded as a fallback.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultDeepgramVoices = new Dictionary<string, string>
    {
        ["en"] = "aura-2-thalia-en",
        ["es"] = "aura-2-celeste-es",
        ["fr"] = "aura-2-agathe-fr",
        ["de"] = "aura-2-viktoria-de",
        ["it"] = "aura-2-livia-it",
        ["ja"] = "aura-2-izanami-ja",
    };

    /// <summary>espeak-ng voices (`espeak-ng --voices`) for the twelve v7 languages.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultEspeakVoices = new Dictionary<string, string>
    {
        ["en"] = "en-us",
        ["es"] = "es",
        ["fr"] = "fr-fr",
        ["de"] = "de",
        ["pt"] = "pt-br",
        ["hi"] = "hi",
        ["zh"] = "cmn",
        ["ja"] = "ja",
        ["ko"] = "ko",
        ["ar"] = "ar",
        ["ru"] = "ru",
        ["it"] = "it",
    };

    [ConfigurationKeyName("TTS_PROVIDER")] public string? Provider { get; set; }
    [ConfigurationKeyName("DEEPGRAM_API_KEY")] public string? DeepgramApiKey { get; set; }
    [ConfigurationKeyName("DEEPGRAM_BASE_URL")] public string DeepgramBaseUrl { get; set; } = "https://api.deepgram.com";

    /// <summary>"lang=voice" pairs laid over <see cref="DefaultDeepgramVoices"/>; "lang=" removes a language (espeak-ng speaks it).</summary>
    [ConfigurationKeyName("TTS_DEEPGRAM_VOICES")] public string? DeepgramVoiceList { get; set; }

    /// <summary>"lang=voice" pairs laid over <see cref="DefaultEspeakVoices"/>.</summary>
    [ConfigurationKeyName("TTS_ESPEAK_VOICES")] public string? EspeakVoiceList { get; set; }

    /// <summary>The espeak-ng program: a name looked up on PATH, or a path.</summary>
    [ConfigurationKeyName("ESPEAK_NG_PATH")] public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>Where clips are kept, by content hash. Unset: a tts-cache folder in UPLOAD_DIR.</summary>
    [ConfigurationKeyName("TTS_CACHE_DIR")] public string? CacheDir { get; set; }
    [ConfigurationKeyName("UPLOAD_DIR")] public string UploadDir { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), "uploads");

    /// <summary>Per Deepgram attempt: until the response headers, and between two chunks of its body.</summary>
    [ConfigurationKeyName("TTS_TIMEOUT_SECONDS")] public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Retries of a Deepgram request that timed out or answered 408, 429 or 5xx, before falling back.</summary>
    [ConfigurationKeyName("TTS_RETRIES")] public int Retries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones double it (with jitter), and a 429's Retry-After wins.</summary>
    [ConfigurationKeyName("TTS_RETRY_DELAY_MS")] public int RetryDelayMs { get; set; } = 500;

    public string CacheDirectory => string.IsNullOrWhiteSpace(CacheDir) ? Path.Combine(UploadDir, "tts-cache") : CacheDir;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public IReadOnlyDictionary<string, string> DeepgramVoices => VoiceMap.Parse(DefaultDeepgramVoices, DeepgramVoiceList).Voices;

    public IReadOnlyDictionary<string, string> EspeakVoices => VoiceMap.Parse(DefaultEspeakVoices, EspeakVoiceList).Voices;

    /// <summary>The provider to try first: TTS_PROVIDER, or the default described on the class.</summary>
    public SpeechProvider FirstProvider => WireEnum<SpeechProvider>.TryParse(Provider?.Trim(), out var chosen)
        ? chosen
        : !string.IsNullOrWhiteSpace(DeepgramApiKey) ? SpeechProvider.Deepgram
        : EspeakSpeech.Locate(EspeakPath) is not null ? SpeechProvider.Espeak
        : SpeechProvider.None;
}

internal sealed class SpeechOptionsValidator : IValidateOptions<SpeechOptions>
{
    public ValidateOptionsResult Validate(string? name, SpeechOptions o)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.Provider) && !WireEnum<SpeechProvider>.TryParse(o.Provider.Trim(), out _))
        {
            failures.Add($"TTS_PROVIDER must be one of {string.Join(", ", WireEnum<SpeechProvider>.AllNames)}, got '{o.Provider}'");
        }
        else if (o.FirstProvider == SpeechProvider.Deepgram && string.IsNullOrWhiteSpace(o.DeepgramApiKey))
        {
            failures.Add("TTS_PROVIDER=deepgram needs DEEPGRAM_API_KEY");
        }
        else if (o.FirstProvider == SpeechProvider.Espeak && EspeakSpeech.Locate(o.EspeakPath) is null)
        {
            failures.Add($"TTS_PROVIDER=espeak but espeak-ng was not found (ESPEAK_NG_PATH='{o.EspeakPath}'); install it (./platform does) or set TTS_PROVIDER=none");
        }
        if (!Uri.TryCreate(o.DeepgramBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add($"DEEPGRAM_BASE_URL must be an http(s) URL, got '{o.DeepgramBaseUrl}'");
        }
        if (VoiceMap.Parse(SpeechOptions.DefaultDeepgramVoices, o.DeepgramVoiceList).Error is { } deepgram) failures.Add($"TTS_DEEPGRAM_VOICES: {deepgram}");
        if (VoiceMap.Parse(SpeechOptions.DefaultEspeakVoices, o.EspeakVoiceList).Error is { } espeak) failures.Add($"TTS_ESPEAK_VOICES: {espeak}");
        if (o.TimeoutSeconds is < 0.05 or > 300) failures.Add($"TTS_TIMEOUT_SECONDS must be between 0.05 and 300, got {o.TimeoutSeconds}");
        if (o.Retries is < 0 or > 10) failures.Add($"TTS_RETRIES must be between 0 and 10, got {o.Retries}");
        if (o.RetryDelayMs is < 1 or > 60_000) failures.Add($"TTS_RETRY_DELAY_MS must be between 1 and 60000, got {o.RetryDelayMs}");
        if (o.CacheDir is not null && string.IsNullOrWhiteSpace(o.CacheDir)) failures.Add("TTS_CACHE_DIR must not be blank");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>"en=aura-2-thalia-en, de=aura-2-julius-de" laid over a default map.</summary>
internal static class VoiceMap
{
    public static (IReadOnlyDictionary<string, string> Voices, string? Error) Parse(IReadOnlyDictionary<string, string> defaults, string? list)
    {
        var voices = new Dictionary<string, string>(defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Any(char.IsWhiteSpace))
            {
                return (voices, $"'{entry}' is not lang=voice");
            }
            if (parts[1].Length == 0) voices.Remove(parts[0]);
            else voices[parts[0].ToLowerInvariant()] = parts[1];
        }
        return (voices, null);
    }
}
