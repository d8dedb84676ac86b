namespace InterviewPlatform.Shared.Speech;

/// <summary>One text-to-speech provider, already brought to <see cref="AudioFormat.Pcm16Mono24k"/>.</summary>
internal interface ISpeechEngine
{
    SpeechProvider Provider { get; }

    /// <summary>The configured voice for <paramref name="language"/>, or null when this provider cannot speak it.</summary>
    string? VoiceFor(string language);

    /// <summary>
    /// The clip's PCM in frame-aligned chunks of at most <see cref="SpeechStream.MaxChunkBytes"/>, yielded as the
    /// provider produces them. A failure before the first chunk lets the caller fall back to the next provider.
    /// </summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, CancellationToken ct);
}

/// <summary>A provider answered, but not with audio (an error status, a failed process, an empty clip).</summary>
public sealed class SpeechSynthesisException(string message) : Exception(message);

/// <summary>v7 language codes as the voice maps key them: "pt-BR" and "PT" both read as "pt".</summary>
internal static class SpeechLanguage
{
    public static string Normalize(string language)
    {
        var trimmed = language.Trim();
        var dash = trimmed.IndexOfAny(['-', '_']);
        return (dash > 0 ? trimmed[..dash] : trimmed).ToLowerInvariant();
    }

    /// <summary>The voice for <paramref name="language"/>: its full tag first ("pt-br"), then its primary language.</summary>
    public static string? VoiceFrom(IReadOnlyDictionary<string, string> voices, string language) =>
        voices.GetValueOrDefault(language.Trim().ToLowerInvariant().Replace('_', '-')) ?? voices.GetValueOrDefault(Normalize(language));
}
