namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// One spoken clip on its way: who speaks it and in what format, then its chunks (each at most
/// <see cref="MaxChunkBytes"/>, ending on a sample frame, immutable once yielded). Read it once; dispose it
/// when done, or to abandon it unread.
/// </summary>
public sealed class SpeechStream : IAsyncDisposable
{
    /// <summary>The largest chunk a stream yields: small enough for one SignalR message, large enough to keep their count low.</summary>
    public const int MaxChunkBytes = 16 * 1024;

    private readonly ClipReader? _clip;

    internal SpeechStream(SpeechProvider provider, string? voice, AudioFormat? format, ClipReader? clip, IReadOnlyList<SpeechFallback> fallbacks)
    {
        Provider = provider;
        Voice = voice;
        Format = format;
        _clip = clip;
        Fallbacks = fallbacks;
    }

    internal static SpeechStream TextOnly(IReadOnlyList<SpeechFallback> fallbacks) => new(SpeechProvider.None, null, null, null, fallbacks);

    /// <summary>Who speaks this clip; <see cref="SpeechProvider.None"/> when it stays text only (then there are no chunks).</summary>
    public SpeechProvider Provider { get; }

    /// <summary>The provider's voice (an Aura model such as aura-2-thalia-en, or an espeak-ng voice such as cmn).</summary>
    public string? Voice { get; }

    /// <summary>The format of the chunks, or null when there is no audio.</summary>
    public AudioFormat? Format { get; }

    /// <summary>True when the clip is played from storage, so no provider was asked.</summary>
    public bool FromCache => _clip?.FromStorage ?? false;

    /// <summary>The providers passed over before <see cref="Provider"/>, in order, with the reason.</summary>
    public IReadOnlyList<SpeechFallback> Fallbacks { get; }

    public bool HasAudio => _clip is not null;

    /// <summary>The clip's chunks as they become available; empty for a text-only clip.</summary>
    public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(CancellationToken ct = default) =>
        _clip?.ReadAsync(ct) ?? AsyncEnumerable.Empty<ReadOnlyMemory<byte>>();

    public ValueTask DisposeAsync() => _clip?.DisposeAsync() ?? ValueTask.CompletedTask;
}
