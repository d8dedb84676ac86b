namespace InterviewPlatform.Shared.Speech;

/// <summary>The recording formats a browser's MediaRecorder produces and Deepgram reads from their container.</summary>
public static class SpokenAudio
{
    private static readonly HashSet<string> _containers = ["audio/webm", "audio/ogg", "audio/mp4", "audio/wav"];

    /// <summary>
    /// The stored content type for <paramref name="mimeType"/> ("audio/webm;codecs=opus"), or null when it is not one
    /// we accept: a container above, with no parameter but an Opus codec.
    /// </summary>
    public static string? Normalize(string? mimeType)
    {
        if (string.IsNullOrWhiteSpace(mimeType) || mimeType.Length > 100) return null;
        var parts = mimeType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        var container = parts[0].ToLowerInvariant();
        if (!_containers.Contains(container)) return null;
        if (parts.Length == 1) return container;
        var codecs = parts[1].ToLowerInvariant().Replace("\"", "", StringComparison.Ordinal);
        return parts.Length == 2 && codecs == "codecs=opus" && container is "audio/webm" or "audio/ogg" ? $"{container};codecs=opus" : null;
    }

    public static IEnumerable<string> Accepted => _containers.Concat(["audio/webm;codecs=opus", "audio/ogg;codecs=opus"]);
}

/// <summary>No provider: spoken answers are stored with their audio and marked "transcript pending" for a human.</summary>
internal sealed class NoSpeechToText : ISpeechToText
{
    public bool IsConfigured => false;

    public ILiveTranscription? StartLive(string language, string mimeType, Func<TranscriptUpdate, Task> onUpdate) => null;

    public Task<Transcript> TranscribeAsync(ReadOnlyMemory<byte> audio, string mimeType, string language, CancellationToken ct) =>
        throw new TranscriptionException("No speech-to-text provider is configured (STT_PROVIDER / DEEPGRAM_API_KEY)");
}
