namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Speech to text: live (captions while the candidate speaks, relayed to the provider as the audio arrives) and
/// pre-recorded (a stored recording, by a job when the live transcription failed). Chosen by STT_PROVIDER.
/// </summary>
public interface ISpeechToText
{
    /// <summary>False when no provider is configured: spoken answers keep their audio, marked "transcript pending".</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// Starts a live transcription; <paramref name="onUpdate"/> hears each interim and final segment. Returns at
    /// once (the connection opens in the background and audio queues meanwhile); null when no provider is configured.
    /// </summary>
    ILiveTranscription? StartLive(string language, string mimeType, Func<TranscriptUpdate, Task> onUpdate);

    /// <summary>Transcribes a whole recording. Throws <see cref="TranscriptionException"/> when the provider fails.</summary>
    Task<Transcript> TranscribeAsync(ReadOnlyMemory<byte> audio, string mimeType, string language, CancellationToken ct);
}

/// <summary>One live transcription: audio in, segments out, the whole transcript at the end.</summary>
public interface ILiveTranscription : IAsyncDisposable
{
    /// <summary>Queues audio without waiting; false once the live transcription has failed (the recording is kept regardless).</summary>
    bool Send(ReadOnlyMemory<byte> audio);

    /// <summary>
    /// The recording ended: asks the provider to finish and waits (STT_LIVE_FINISH_SECONDS at most) for its last
    /// results. Null when the live transcript is incomplete, so the stored recording is transcribed later instead.
    /// </summary>
    Task<Transcript?> FinishAsync(CancellationToken ct);
}

/// <summary>A caption: the segment being spoken (interim), or one the provider will not change any more (final).</summary>
public readonly record struct TranscriptUpdate(string Text, bool IsFinal);

/// <summary>A finished transcript and who made it; <paramref name="Confidence"/> is the provider's, 0..1.</summary>
public sealed record Transcript(string Text, string Provider, string Model, double? Confidence);

public class TranscriptionException(string message, Exception? inner = null) : Exception(message, inner);
