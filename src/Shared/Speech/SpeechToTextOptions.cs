using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Speech-to-text and spoken-answer settings. STT_PROVIDER is deepgram, whisper or none; unset it is deepgram when
/// DEEPGRAM_API_KEY is set, else whisper when WHISPER_MODEL_PATH is set, else none (the answer keeps its audio and is
/// marked "transcript pending"). No package carries a Whisper model, so there is no default model file.
/// </summary>
public sealed class SpeechToTextOptions
{
    public const string Deepgram = "deepgram";
    public const string Whisper = "whisper";
    public const string None = "none";

    [ConfigurationKeyName("STT_PROVIDER")] public string? Provider { get; set; }
    [ConfigurationKeyName("DEEPGRAM_API_KEY")] public string? DeepgramApiKey { get; set; }
    [ConfigurationKeyName("DEEPGRAM_BASE_URL")] public string DeepgramBaseUrl { get; set; } = "https://api.deepgram.com";

    /// <summary>The Deepgram model for every language not named in <see cref="DeepgramModelList"/>.</summary>
    [ConfigurationKeyName("STT_DEEPGRAM_MODEL")] public string DeepgramModel { get; set; } = "nova-3";

    /// <summary>"lang=model" pairs, for a language the default model does not cover (e.g. "ko=nova-2").</summary>
    [ConfigurationKeyName("STT_DEEPGRAM_MODELS")] public string? DeepgramModelList { get; set; }

    /// <summary>A whisper.cpp ggml model file (e.g. ggml-base.bin; a ".en" model hears English only). Whisper transcribes by the job, never live.</summary>
    [ConfigurationKeyName("WHISPER_MODEL_PATH")] public string? WhisperModelPath { get; set; }

    /// <summary>CPU threads one Whisper run uses; runs go one at a time per host, so the API keeps the other cores.</summary>
    [ConfigurationKeyName("WHISPER_THREADS")] public int WhisperThreads { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>After the recording ends, how long the live transcription may take to send its last results.</summary>
    [ConfigurationKeyName("STT_LIVE_FINISH_SECONDS")] public double LiveFinishSeconds { get; set; } = 5;

    /// <summary>Largest recording accepted (8 MiB: over 30 minutes of browser Opus).</summary>
    [ConfigurationKeyName("SPOKEN_ANSWER_MAX_BYTES")] public int MaxBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Longest upload accepted; the recording streams while the candidate speaks, so this caps its duration.</summary>
    [ConfigurationKeyName("SPOKEN_ANSWER_MAX_SECONDS")] public int MaxSeconds { get; set; } = 600;

    /// <summary>Largest single chunk of the upload stream (MediaRecorder slices are a few KiB).</summary>
    [ConfigurationKeyName("SPOKEN_ANSWER_MAX_CHUNK_BYTES")] public int MaxChunkBytes { get; set; } = 64 * 1024;

    public string FirstProvider => Provider?.Trim().ToLowerInvariant() is { Length: > 0 } chosen ? chosen
        : !string.IsNullOrWhiteSpace(DeepgramApiKey) ? Deepgram
        : !string.IsNullOrWhiteSpace(WhisperModelPath) ? Whisper
        : None;

    public string ModelFor(string language) =>
        VoiceMap.Parse(new Dictionary<string, string>(), DeepgramModelList).Voices.GetValueOrDefault(language) ?? DeepgramModel;

    public TimeSpan LiveFinish => TimeSpan.FromSeconds(LiveFinishSeconds);
}

internal sealed class SpeechToTextOptionsValidator : IValidateOptions<SpeechToTextOptions>
{
    public ValidateOptionsResult Validate(string? name, SpeechToTextOptions o)
    {
        var failures = new List<string>();
        if (o.FirstProvider is not (SpeechToTextOptions.Deepgram or SpeechToTextOptions.Whisper or SpeechToTextOptions.None))
        {
            failures.Add($"STT_PROVIDER must be deepgram, whisper or none, got '{o.Provider}'");
        }
        else if (o.FirstProvider == SpeechToTextOptions.Deepgram && string.IsNullOrWhiteSpace(o.DeepgramApiKey))
        {
            failures.Add("STT_PROVIDER=deepgram needs DEEPGRAM_API_KEY");
        }
        else if (o.FirstProvider == SpeechToTextOptions.Whisper && string.IsNullOrWhiteSpace(o.WhisperModelPath))
        {
            failures.Add("STT_PROVIDER=whisper needs WHISPER_MODEL_PATH (a ggml model file; none ships with the platform)");
        }
        if (!string.IsNullOrWhiteSpace(o.WhisperModelPath) && !File.Exists(o.WhisperModelPath))
        {
            failures.Add($"WHISPER_MODEL_PATH names '{o.WhisperModelPath}', which is not a file");
        }
        if (o.WhisperThreads is < 1 or > 64) failures.Add($"WHISPER_THREADS must be between 1 and 64, got {o.WhisperThreads}");
        if (string.IsNullOrWhiteSpace(o.DeepgramModel) || o.DeepgramModel.Any(char.IsWhiteSpace)) failures.Add($"STT_DEEPGRAM_MODEL must be a model name, got '{o.DeepgramModel}'");
        if (VoiceMap.Parse(new Dictionary<string, string>(), o.DeepgramModelList).Error is { } models) failures.Add($"STT_DEEPGRAM_MODELS: {models}");
        if (o.LiveFinishSeconds is < 0.1 or > 60) failures.Add($"STT_LIVE_FINISH_SECONDS must be between 0.1 and 60, got {o.LiveFinishSeconds}");
        if (o.MaxBytes is < 1024 or > 64 * 1024 * 1024) failures.Add($"SPOKEN_ANSWER_MAX_BYTES must be between 1024 and 67108864, got {o.MaxBytes}");
        if (o.MaxSeconds is < 5 or > 3600) failures.Add($"SPOKEN_ANSWER_MAX_SECONDS must be between 5 and 3600, got {o.MaxSeconds}");
        if (o.MaxChunkBytes is < 1024 or > 200 * 1024) failures.Add($"SPOKEN_ANSWER_MAX_CHUNK_BYTES must be between 1024 and 204800 (under the hub's message cap), got {o.MaxChunkBytes}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
