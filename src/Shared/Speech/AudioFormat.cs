namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// The wire description of a speech stream, in the hub's shape (<c>{ "format": "pcm_s16le", "sampleRate": 24000, "channels": 1 }</c>).
/// Raw PCM rather than a container: a browser turns each chunk into samples for Web Audio as it arrives,
/// with no header to wait for and no decoder to feed whole.
/// </summary>
public sealed record AudioFormat(string Format, int SampleRate, int Channels)
{
    /// <summary>What every provider is brought to: Deepgram's linear16 at 24 kHz as is, espeak-ng resampled from 22,050 Hz.</summary>
    public static readonly AudioFormat Pcm16Mono24k = new("pcm_s16le", 24_000, 1);

    /// <summary>Bytes per sample frame: chunks always end on a frame boundary, so each can be decoded on its own.</summary>
    public int FrameBytes => 2 * Channels;

    public override string ToString() => $"{Format}/{SampleRate}/{Channels}";
}
