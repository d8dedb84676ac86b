namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Speaks a question: the audio of <c>text</c> in <c>language</c> as a stream of small chunks, from the
/// cache when it was heard before, else from the configured provider with its fallbacks (Deepgram, then
/// espeak-ng, then text only). Every chunk is in <see cref="Format"/>, whichever provider spoke.
/// </summary>
public interface ITextToSpeech
{
    /// <summary>
    /// What every stream carries (PCM, 16-bit little-endian, 24 kHz, mono), or null when speech is off
    /// (<c>TTS_PROVIDER=none</c>), so the session can announce it before any audio is asked for.
    /// </summary>
    AudioFormat? Format { get; }

    /// <summary>
    /// Returns as soon as some provider (or the cache) has audio to give, or at once when none can speak;
    /// the returned stream then yields the clip chunk by chunk while it is still being synthesised.
    /// Cancelling (the token, or disposing the stream unread) aborts the provider request once no other
    /// listener of the same clip remains.
    /// </summary>
    /// <param name="language">A v7 language code (en es fr de pt hi zh ja ko ar ru it; "pt-BR" reads as "pt"). A language no provider has a voice for stays text only.</param>
    Task<SpeechStream> SpeakAsync(string text, string language, CancellationToken ct = default);
}
