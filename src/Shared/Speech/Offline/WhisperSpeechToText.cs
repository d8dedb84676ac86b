using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Whisper.net;

namespace InterviewPlatform.Shared.Speech.Offline;

/// <summary>
/// Offline speech to text with whisper.cpp (Whisper.net) and the ggml model WHISPER_MODEL_PATH names. Pre-recorded only:
/// <see cref="StartLive"/> returns null, so a spoken answer is stored "transcript pending" and
/// <see cref="TranscribeRecordingJob"/> (a Hangfire worker, never the hub) calls <see cref="TranscribeAsync"/>. The
/// model is loaded on first use (a session node that never transcribes never loads it) and kept; runs go one at a time,
/// because one already uses WHISPER_THREADS cores.
/// </summary>
internal sealed class WhisperSpeechToText : ISpeechToText, IDisposable
{
    public const string ProviderName = "whisper";

    private readonly SpeechToTextOptions _options;
    private readonly ILogger<WhisperSpeechToText> _log;
    private readonly Lazy<WhisperFactory> _factory;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public WhisperSpeechToText(IOptions<SpeechToTextOptions> options, ILogger<WhisperSpeechToText> log)
    {
        _options = options.Value;
        _log = log;
        _factory = new Lazy<WhisperFactory>(() => WhisperFactory.FromPath(_options.WhisperModelPath!));
    }

    /// <summary>The model file's name, recorded on the answer as the transcript's model.</summary>
    public string Model => Path.GetFileName(_options.WhisperModelPath!);

    public bool IsConfigured => true;

    public ILiveTranscription? StartLive(string language, string mimeType, Func<TranscriptUpdate, Task> onUpdate) => null;

    public async Task<Transcript> TranscribeAsync(ReadOnlyMemory<byte> audio, string mimeType, string language, CancellationToken ct)
    {
        var samples = RecordingDecoder.ToMono16k(audio, mimeType); // AudioDecodeException: the job leaves the answer pending
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var processor = _factory.Value.CreateBuilder()
                .WithLanguage(language).WithThreads(_options.WhisperThreads).WithProbabilities().Build();
            var text = new System.Text.StringBuilder();
            double weighted = 0, tokens = 0;
            await foreach (var segment in processor.ProcessAsync(samples, ct))
            {
                // whisper.cpp's marker for a window without speech: the candidate did not say it.
                if (segment.Text.Trim() == "[BLANK_AUDIO]") continue;
                text.Append(segment.Text);
                // Confidence is the average token probability: each segment's average, weighted by its token count.
                var count = Math.Max(1, segment.Tokens?.Length ?? 0);
                weighted += segment.Probability * count;
                tokens += count;
            }
            _log.LogInformation("Whisper {Model} transcribed {Seconds:F1} s of {MimeType} in {Elapsed} ms", Model,
                samples.Length / (double)RecordingDecoder.SampleRate, mimeType, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new Transcript(text.ToString().Trim(), ProviderName, Model, tokens > 0 ? Math.Clamp(weighted / tokens, 0, 1) : null);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or TranscriptionException or OutOfMemoryException))
        {
            throw new TranscriptionException($"Whisper ({Model}) failed: {ex.Message}", ex);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose()
    {
        if (_factory.IsValueCreated) _factory.Value.Dispose();
        _oneAtATime.Dispose();
    }
}
