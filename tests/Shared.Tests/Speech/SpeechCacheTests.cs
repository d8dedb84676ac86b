using InterviewPlatform.Shared.Speech;

namespace InterviewPlatform.Shared.Tests.Speech;

public sealed class SpeechCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(120);
    private FakeDeepgram _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDeepgram.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_thousand_candidates_asking_at_once_cause_one_synthesis_and_later_ones_play_from_storage()
    {
        var audio = FakeDeepgram.Audio(48_000); // 2 s, 96 KB: several chunks
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fake.Respond = (context, _) => FakeDeepgram.SpeakAsync(context, audio, writes: 8, between: i => i == 0 ? release.Task : Task.CompletedTask);
        using var host = SpeechHost.WithDeepgram(_fake);
        const string question = "Explain the CAP theorem.";

        // All thousand have a stream (so all are listening) while Deepgram is still held after its first write.
        var streams = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => Task.Run(() => host.Speech.SpeakAsync(question, "en")))).WaitAsync(_guard);
        release.SetResult();
        var heard = await Task.WhenAll(streams.Select(s => Task.Run(() => s.ReadAllAsync()))).WaitAsync(_guard);
        foreach (var stream in streams) await stream.DisposeAsync();

        Assert.Equal(1, _fake.Requests);
        Assert.All(heard, clip => Assert.Equal(audio, clip));
        Assert.All(streams, s => Assert.Equal(SpeechProvider.Deepgram, s.Provider));
        Assert.Single(host.StoredClips);

        await using var later = await host.Speech.SpeakAsync(question, "en");
        Assert.True(later.FromCache);
        Assert.Equal((SpeechProvider.Deepgram, "aura-2-thalia-en"), (later.Provider, later.Voice));
        Assert.Equal(audio, await later.ReadAllAsync());
        Assert.Equal(1, _fake.Requests);
    }

    [Fact]
    public async Task A_restarted_host_plays_the_stored_clip_without_asking_Deepgram()
    {
        var cacheDir = Path.Combine(Path.GetTempPath(), $"tts-cache-{Guid.NewGuid():N}");
        try
        {
            await SpeakOnceAsync(cacheDir, "What is a B-tree?", "en");
            Assert.Equal(1, _fake.Requests);

            using var restarted = SpeechHost.WithDeepgram(_fake, cacheDir: cacheDir);
            await using var again = await restarted.Speech.SpeakAsync(" What is a B-tree? ", "en");
            Assert.True(again.FromCache);
            Assert.Equal(FakeDeepgram.Audio(24_000), await again.ReadAllAsync());
            Assert.Equal(1, _fake.Requests);

            // Another text, or the same text in another voice, is another clip.
            await SpeakOnceAsync(cacheDir, "What is a B+tree?", "en");
            await SpeakOnceAsync(cacheDir, "What is a B-tree?", "en", new() { ["TTS_DEEPGRAM_VOICES"] = "en=aura-2-zeus-en" });
            Assert.Equal(3, _fake.Requests);
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
        }
    }

    [Fact]
    public void The_key_covers_provider_voice_format_and_text()
    {
        var pcm = AudioFormat.Pcm16Mono24k;
        var key = SpeechCache.Key(SpeechProvider.Deepgram, "aura-2-thalia-en", pcm, "Hello");

        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key, SpeechCache.Key(SpeechProvider.Deepgram, "aura-2-thalia-en", pcm, "Hello"));
        Assert.NotEqual(key, SpeechCache.Key(SpeechProvider.Espeak, "aura-2-thalia-en", pcm, "Hello"));
        Assert.NotEqual(key, SpeechCache.Key(SpeechProvider.Deepgram, "aura-2-zeus-en", pcm, "Hello"));
        Assert.NotEqual(key, SpeechCache.Key(SpeechProvider.Deepgram, "aura-2-thalia-en", pcm with { SampleRate = 16_000 }, "Hello"));
        Assert.NotEqual(key, SpeechCache.Key(SpeechProvider.Deepgram, "aura-2-thalia-en", pcm, "Hello!"));
    }

    private async Task SpeakOnceAsync(string cacheDir, string text, string language, Dictionary<string, string?>? settings = null)
    {
        using var host = SpeechHost.WithDeepgram(_fake, settings, cacheDir);
        await using var clip = await host.Speech.SpeakAsync(text, language);
        await clip.ReadAllAsync();
    }
}
