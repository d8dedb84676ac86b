namespace InterviewPlatform.Shared.Speech.Offline;

/// <summary>
/// Turns a stored recording into what Whisper reads: 16 kHz mono float PCM. WAV (any rate, channels, 16/24/32-bit
/// integer or 32-bit float), and Opus in WebM (Chrome's MediaRecorder) or Ogg (Firefox's), decoded with Concentus.
/// The container is recognised by its first bytes, not by the stored content type alone. MP4/AAC (Safari) has no
/// decoder here: it is refused with <see cref="AudioDecodeException"/>, and the recording stays "transcript pending".
/// </summary>
public static class RecordingDecoder
{
    public const int SampleRate = 16_000;

    public static float[] ToMono16k(ReadOnlyMemory<byte> recording, string contentType)
    {
        var audio = recording.Span;
        if (audio.Length < 4) throw new AudioDecodeException($"The {contentType} recording is {audio.Length} bytes: too short to be audio");
        if (audio.StartsWith("RIFF"u8)) return WavDecoder.ToMono16k(audio);
        if (audio.StartsWith("OggS"u8)) return OpusPcm.ToMono16k(OggOpusReader.Read(recording));
        if (audio.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])) return OpusPcm.ToMono16k(WebmOpusReader.Read(recording));
        var kind = audio.Length >= 8 && audio[4..8].SequenceEqual("ftyp"u8) ? "MP4 (AAC)" : "unrecognised";
        throw new AudioDecodeException($"The {contentType} recording is {kind} audio; offline transcription reads only WAV, WebM/Opus and Ogg/Opus");
    }
}

/// <summary>A recording that cannot be decoded offline (unsupported format, truncated or corrupt container); retrying does not help.</summary>
public sealed class AudioDecodeException(string message, Exception? inner = null) : TranscriptionException(message, inner);
