using InterviewPlatform.Shared.Speech;

namespace InterviewPlatform.Shared.Tests.Speech;

public sealed class SpeechFallbackTests : IAsyncLifetime
{
    private FakeDeepgram _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDeepgram.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData(500, "Internal Server Error")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(429, "Too Many Requests")]
    public async Task A_failing_Deepgram_is_retried_then_espeak_speaks_and_the_fallback_is_recorded(int status, string reason)
    {
        _fake.Respond = (context, _) => FakeDeepgram.ErrorAsync(context, status, "UNAVAILABLE", "Try again later.");
        using var host = SpeechHost.WithDeepgram(_fake, new() { ["TTS_RETRIES"] = "2" });

        await using var stream = await host.Speech.SpeakAsync("Why do you want this job?", "en");

        Assert.Equal(3, _fake.Requests);
        Assert.Equal((SpeechProvider.Espeak, "en-us"), (stream.Provider, stream.Voice));
        var fallback = Assert.Single(stream.Fallbacks);
        Assert.Equal(SpeechProvider.Deepgram, fallback.From);
        Assert.Contains($"{status} {reason}", fallback.Reason);
        Assert.NotEmpty(await stream.ReadAllAsync());
    }

    [Fact]
    public async Task A_429_followed_by_audio_is_retried_and_Deepgram_speaks()
    {
        var calls = 0;
        _fake.Respond = (context, _) => Interlocked.Increment(ref calls) == 1
            ? FakeDeepgram.ErrorAsync(context, 429, "TOO_MANY_REQUESTS", "Slow down.")
            : FakeDeepgram.SpeakAsync(context, FakeDeepgram.Audio(4_800));
        using var host = SpeechHost.WithDeepgram(_fake);

        await using var stream = await host.Speech.SpeakAsync("Describe your last project.", "en");

        Assert.Equal(FakeDeepgram.Audio(4_800), await stream.ReadAllAsync());
        Assert.Equal((SpeechProvider.Deepgram, 2), (stream.Provider, _fake.Requests));
        Assert.Empty(stream.Fallbacks);
    }

    [Fact]
    public async Task A_Deepgram_that_never_answers_times_out_and_espeak_speaks()
    {
        _fake.Respond = (context, _) => Task.Delay(Timeout.Infinite, context.RequestAborted);
        using var host = SpeechHost.WithDeepgram(_fake, new() { ["TTS_TIMEOUT_SECONDS"] = "0.2", ["TTS_RETRIES"] = "1" });

        await using var stream = await host.Speech.SpeakAsync("What is a deadlock?", "en");

        Assert.Equal(SpeechProvider.Espeak, stream.Provider);
        Assert.Contains("timeout", Assert.Single(stream.Fallbacks).Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, _fake.Requests);
        Assert.NotEmpty(await stream.ReadAllAsync());
    }

    [Fact]
    public async Task A_rejected_key_is_not_retried()
    {
        using var host = SpeechHost.WithDeepgram(_fake, new() { ["DEEPGRAM_API_KEY"] = "revoked" });

        await using var stream = await host.Speech.SpeakAsync("What is a mutex?", "en");

        Assert.Equal(1, _fake.Requests);
        Assert.Equal(SpeechProvider.Espeak, stream.Provider);
        Assert.Contains("401 Unauthorized: INVALID_AUTH Invalid credentials.", Assert.Single(stream.Fallbacks).Reason);
    }

    [Theory]
    [InlineData("hi", "hi")]
    [InlineData("zh", "cmn")]
    [InlineData("pt-BR", "pt-br")]
    public async Task A_language_Aura_has_no_voice_for_is_spoken_by_espeak_without_asking_Deepgram(string language, string voice)
    {
        using var host = SpeechHost.WithDeepgram(_fake);

        await using var stream = await host.Speech.SpeakAsync("नमस्ते 你好 Olá", language);

        Assert.Equal(0, _fake.Requests);
        Assert.Equal((SpeechProvider.Espeak, voice), (stream.Provider, stream.Voice));
        Assert.Equal(new SpeechFallback(SpeechProvider.Deepgram, $"no Deepgram voice for language '{language}'"), Assert.Single(stream.Fallbacks));
        Assert.NotEmpty(await stream.ReadAllAsync());
    }

    [Fact]
    public async Task Without_espeak_a_failing_Deepgram_leaves_the_question_text_only_and_does_not_poison_the_cache()
    {
        _fake.Respond = (context, _) => FakeDeepgram.ErrorAsync(context, 502, "BAD_GATEWAY", "Upstream down.");
        using var host = SpeechHost.WithDeepgram(_fake, new() { ["ESPEAK_NG_PATH"] = "/nonexistent/espeak-ng", ["TTS_RETRIES"] = "0" });

        await using (var silent = await host.Speech.SpeakAsync("Tell me about yourself.", "en"))
        {
            Assert.Equal((SpeechProvider.None, false, null), (silent.Provider, silent.HasAudio, silent.Format));
            Assert.Empty(await silent.ReadAllAsync());
            Assert.Contains("502", Assert.Single(silent.Fallbacks).Reason);
        }
        Assert.Empty(host.StoredClips);

        _fake.Respond = (context, _) => FakeDeepgram.SpeakAsync(context, FakeDeepgram.Audio(2_400));
        await using var spoken = await host.Speech.SpeakAsync("Tell me about yourself.", "en");
        Assert.Equal(SpeechProvider.Deepgram, spoken.Provider);
        Assert.Equal(FakeDeepgram.Audio(2_400), await spoken.ReadAllAsync());
    }

    [Fact]
    public async Task Provider_none_is_text_only_at_once()
    {
        using var host = SpeechHost.WithDeepgram(_fake, new() { ["TTS_PROVIDER"] = "none" });

        Assert.Null(host.Speech.Format);
        await using var stream = await host.Speech.SpeakAsync("Any question.", "en");

        Assert.Equal((SpeechProvider.None, false), (stream.Provider, stream.HasAudio));
        Assert.Empty(stream.Fallbacks);
        Assert.Empty(await stream.ReadAllAsync());
        Assert.Equal(0, _fake.Requests);
    }
}
