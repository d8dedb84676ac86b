namespace InterviewPlatform.Shared.Speech;

/// <summary>Who spoke a clip; <see cref="None"/> means the question stays text only.</summary>
public enum SpeechProvider
{
    None,
    Deepgram,
    Espeak,
}

/// <summary>A provider that was passed over for this clip, and why (no voice for the language, 503 after retries, timeout...).</summary>
public sealed record SpeechFallback(SpeechProvider From, string Reason);
