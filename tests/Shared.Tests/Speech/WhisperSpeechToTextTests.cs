using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.Shared.Speech.Offline;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static InterviewPlatform.Shared.Tests.Speech.TestRecordings;

namespace InterviewPlatform.Shared.Tests.Speech;

/// <summary>
/// Whisper as the offline transcriber: chosen when WHISPER_MODEL_PATH names a model and Deepgram is not configured,
/// refused at start-up when the file is not there, and, in the transcription job against real PostgreSQL, a recording
/// it cannot decode stays "transcript pending" with its audio and a logged reason. No ggml model is available on this
/// machine, so the model file here is not a model: these tests stop where whisper.cpp would load it.
/// </summary>
public sealed class WhisperSpeechToTextTests(WhisperSpeechToTextTests.Fixture fixture) : IClassFixture<WhisperSpeechToTextTests.Fixture>
{
    /// <summary>One database and one stand-in model file for the class: each test adds interviews of its own.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public string Model { get; } = Path.Combine(Path.GetTempPath(), $"ggml-test-{Guid.NewGuid():N}.bin");

        public TestDatabase Database { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await File.WriteAllTextAsync(Model, "not a ggml model");
            Database = await TestDatabase.CreateAsync();
        }

        public async Task DisposeAsync()
        {
            File.Delete(Model);
            await Database.DisposeAsync();
        }
    }

    private readonly string _model = fixture.Model;
    private readonly TestDatabase _database = fixture.Database;

    [Theory]
    [InlineData(null, null, true, typeof(WhisperSpeechToText))]
    [InlineData(null, "key", true, typeof(DeepgramListen))]
    [InlineData("whisper", "key", true, typeof(WhisperSpeechToText))]
    [InlineData("none", null, true, typeof(NoSpeechToText))]
    [InlineData(null, null, false, typeof(NoSpeechToText))]
    public void Whisper_transcribes_when_a_model_is_named_and_Deepgram_is_not_configured(string? provider, string? key, bool model, Type expected)
    {
        using var services = Provider(new() { ["STT_PROVIDER"] = provider, ["DEEPGRAM_API_KEY"] = key, ["WHISPER_MODEL_PATH"] = model ? _model : null });

        services.GetRequiredService<IStartupValidator>().Validate();
        var speech = services.GetRequiredService<ISpeechToText>();
        Assert.IsType(expected, speech);
        if (speech is WhisperSpeechToText whisper)
        {
            Assert.True(whisper.IsConfigured);
            Assert.Equal(Path.GetFileName(_model), whisper.Model);
            // Never live: the hub stores the answer pending and the job transcribes it.
            Assert.Null(whisper.StartLive("en", "audio/webm;codecs=opus", _ => Task.CompletedTask));
        }
    }

    [Theory]
    [InlineData("WHISPER_MODEL_PATH", "/nonexistent/ggml-base.bin", "WHISPER_MODEL_PATH names '/nonexistent/ggml-base.bin', which is not a file")]
    [InlineData("STT_PROVIDER", "whisper", "STT_PROVIDER=whisper needs WHISPER_MODEL_PATH (a ggml model file; none ships with the platform)")]
    [InlineData("STT_PROVIDER", "vosk", "STT_PROVIDER must be deepgram, whisper or none, got 'vosk'")]
    [InlineData("WHISPER_THREADS", "0", "WHISPER_THREADS must be between 1 and 64, got 0")]
    public void A_missing_model_stops_startup_naming_WHISPER_MODEL_PATH(string key, string value, string message)
    {
        using var services = Provider(new() { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(message, StartupGuard.Describe(error));
    }

    [Fact]
    public async Task Recordings_whisper_cannot_decode_stay_pending_with_their_audio_and_a_logged_reason()
    {
        var webm = Webm(Encode(Tone(440, 1, OpusRate)), 1);
        byte[] mp4 = [0, 0, 0, 0x18, .. "ftypmp42"u8, 0, 0, 0, 0, .. "mp42isom"u8];
        var truncated = await SpokenAnswerAsync("audio/webm;codecs=opus", webm[..(webm.Length - 40)]);
        var safari = await SpokenAnswerAsync("audio/mp4", mp4);
        var logs = new ListLogger();
        using var services = Provider(new() { ["WHISPER_MODEL_PATH"] = _model }, logs);

        await RunJobAsync(services, truncated.AnswerId);
        await RunJobAsync(services, safari.AnswerId);
        await RunJobAsync(services, safari.AnswerId); // the sweeper hands it again later: same outcome, no exception for Hangfire to retry

        await AssertPendingAsync(truncated.AnswerId, webm[..(webm.Length - 40)]);
        await AssertPendingAsync(safari.AnswerId, mp4);
        Assert.Contains(logs.Lines, l => l.StartsWith($"Warning: Answer {truncated.AnswerId} of interview {truncated.InterviewId} stays transcript pending: The WebM recording ends inside the element at byte", StringComparison.Ordinal));
        Assert.Contains($"Warning: Answer {safari.AnswerId} of interview {safari.InterviewId} stays transcript pending: The audio/mp4 recording is MP4 (AAC) audio; offline transcription reads only WAV, WebM/Opus and Ogg/Opus", logs.Lines);
    }

    [Fact]
    public async Task A_decodable_recording_reaches_whisper_and_a_model_that_fails_to_load_leaves_it_pending_for_a_retry()
    {
        var wav = Wav(16_000, [Pcm16(Tone(440, 1, 16_000))]);
        var answer = await SpokenAnswerAsync("audio/wav", wav);
        using var services = Provider(new() { ["WHISPER_MODEL_PATH"] = _model });

        // The file is not a ggml model: whisper.cpp's native library loaded and refused it. The failure names the provider
        // and the file, and Hangfire would retry it.
        var error = await Assert.ThrowsAsync<TranscriptionException>(() => RunJobAsync(services, answer.AnswerId));
        Assert.Equal($"Whisper ({Path.GetFileName(_model)}) failed: Failed to load the whisper model.", error.Message);
        Assert.IsType<Whisper.net.WhisperModelLoadException>(error.InnerException);
        await AssertPendingAsync(answer.AnswerId, wav);
    }

    private async Task<(Guid InterviewId, Guid AnswerId)> SpokenAnswerAsync(string contentType, byte[] audio)
    {
        var interview = await _database.ScheduleInterviewAsync(DateTimeOffset.UtcNow, questions: 1);
        await using var db = _database.CreateContext();
        var answerId = Guid.NewGuid();
        db.InterviewAnswers.Add(new InterviewAnswer { InterviewId = interview.Id, Ordinal = 1, AnswerId = answerId, SubmittedAt = DateTimeOffset.UtcNow });
        db.AnswerRecordings.Add(new AnswerRecording
        {
            AnswerId = answerId,
            InterviewId = interview.Id,
            Ordinal = 1,
            ContentType = contentType,
            Audio = audio,
            Length = audio.Length,
            DurationMs = 1000,
            TranscriptStatus = TranscriptStatus.Pending,
            RecordedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return (interview.Id, answerId);
    }

    private async Task AssertPendingAsync(Guid answerId, byte[] audio)
    {
        await using var db = _database.CreateContext();
        var recording = await db.AnswerRecordings.SingleAsync(r => r.AnswerId == answerId);
        Assert.Equal((TranscriptStatus.Pending, null), (recording.TranscriptStatus, recording.TranscriptProvider));
        Assert.Equal(audio, recording.Audio);
        Assert.Null((await db.InterviewAnswers.SingleAsync(a => a.AnswerId == answerId)).Text);
    }

    private async Task RunJobAsync(ServiceProvider services, Guid answerId)
    {
        await using var db = _database.CreateContext();
        var job = new TranscribeRecordingJob(db, services.GetRequiredService<ISpeechToText>(), TimeProvider.System,
            services.GetRequiredService<ILogger<TranscribeRecordingJob>>());
        await job.RunAsync(answerId, CancellationToken.None);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings, ListLogger? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(b => { if (logs is not null) b.AddProvider(logs); })
            .AddPlatformSpeech(configuration).BuildServiceProvider();
    }

    /// <summary>Every log line as "Level: message".</summary>
    private sealed class ListLogger : ILoggerProvider, ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get { lock (_lines) return [.. _lines]; }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines) _lines.Add($"{logLevel}: {formatter(state, exception)}");
        }

        public void Dispose()
        {
        }
    }
}
