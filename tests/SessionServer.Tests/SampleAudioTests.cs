using InterviewPlatform.SessionServer.Sessions;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// Two nodes on one database: one speaks with espeak-ng through a wrapper that logs each run (so a test sees how often
/// it synthesised, and in which voice) into a clip cache of its own; the other has speech off (TTS_PROVIDER=none).
/// </summary>
public sealed class SampleAudioNodes : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sample-audio-").FullName;

    public TestDatabase Database { get; private set; } = null!;
    public SessionNode Speaking { get; private set; } = null!;
    public SessionNode Silent { get; private set; } = null!;

    /// <summary>The arguments of every espeak-ng run, one line each.</summary>
    public string[] EspeakRuns => File.Exists(RunLog) ? File.ReadAllLines(RunLog) : [];

    private string RunLog => Path.Combine(_folder, "espeak-runs.log");

    public async Task InitializeAsync()
    {
        var wrapper = Path.Combine(_folder, "espeak-ng");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\necho \"$*\" >> '{RunLog}'\nexec espeak-ng \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Database = await TestDatabase.CreateAsync();
        Speaking = new ConfiguredNode(Database, null, new Dictionary<string, string>
        {
            ["TTS_PROVIDER"] = "espeak",
            ["ESPEAK_NG_PATH"] = wrapper,
            ["TTS_CACHE_DIR"] = Path.Combine(_folder, "tts"),
        });
        Silent = new ConfiguredNode(Database, null, new Dictionary<string, string> { ["TTS_PROVIDER"] = "none" });
        await Speaking.InitializeAsync();
        await Silent.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Speaking.DisposeAsync();
        await Silent.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The setup check's speaker test over the hub: a sample sentence in the candidate's language, before Join.</summary>
public sealed class SampleAudioTests(SampleAudioNodes nodes) : IClassFixture<SampleAudioNodes>
{
    [Fact]
    public async Task The_sample_streams_in_the_requested_language_before_join_and_is_synthesised_once()
    {
        var interview = await nodes.Speaking.ScheduleAsync(questions: 2);
        await using var candidate = new CandidateClient(nodes.Speaking.Hub("/hubs/interview", nodes.Speaking.CandidateToken(interview), "laptop"));
        await candidate.Connection.StartAsync();
        var preview = await candidate.Connection.InvokeAsync<SessionPreview>("Peek");
        Assert.Equal(AudioFormat.Pcm16Mono24k, preview.Audio);

        // The interview is in English; the candidate switched the page to French.
        var first = await SampleAsync(candidate, "fr");
        Assert.All(first, c => Assert.InRange(c.Length, 2, SpeechStream.MaxChunkBytes));
        Assert.All(first, c => Assert.Equal(0, c.Length % 2)); // whole 16-bit samples, like the questions'
        // A sentence of about twenty words: seconds of audio at 24 kHz, not a blip.
        Assert.True(first.Sum(c => c.Length) > 24_000 * 2 * 2, $"only {first.Sum(c => c.Length)} bytes of audio");
        var run = Assert.Single(nodes.EspeakRuns);
        Assert.StartsWith("-v fr-fr ", run);

        // Asked again (another click, another candidate): the same clip from the cache, espeak-ng not run again.
        var second = await SampleAsync(candidate, "fr");
        Assert.Equal(first.SelectMany(c => c), second.SelectMany(c => c));
        Assert.Single(nodes.EspeakRuns);

        // Another language is another clip, in that language's voice.
        Assert.NotEmpty(await SampleAsync(candidate, "ja"));
        Assert.Equal(["fr-fr", "ja"], nodes.EspeakRuns.Select(r => r.Split(' ')[1]));

        Assert.Equal(RefusalCodes.InvalidText, await Refusal.CodeAsync(() => SampleAsync(candidate, "xx")));

        // Listening did not start the interview.
        await using var db = nodes.Database.CreateContext();
        Assert.Equal(InterviewStatus.Scheduled, (await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interview.Id)).Status);
    }

    [Fact]
    public async Task With_speech_off_the_preview_has_no_audio_and_the_sample_is_empty()
    {
        var interview = await nodes.Silent.ScheduleAsync(questions: 1);
        await using var candidate = new CandidateClient(nodes.Silent.Hub("/hubs/interview", nodes.Silent.CandidateToken(interview), "laptop"));
        await candidate.Connection.StartAsync();

        Assert.Null((await candidate.Connection.InvokeAsync<SessionPreview>("Peek")).Audio);
        Assert.Empty(await SampleAsync(candidate, "en"));
    }

    private static async Task<List<byte[]>> SampleAsync(CandidateClient candidate, string language)
    {
        var chunks = new List<byte[]>();
        await foreach (var chunk in candidate.Connection.StreamAsync<byte[]>("StreamSampleAudio", language)) chunks.Add(chunk);
        return chunks;
    }
}
