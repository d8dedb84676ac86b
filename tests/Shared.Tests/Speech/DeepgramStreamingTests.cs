using InterviewPlatform.Shared.Speech;

namespace InterviewPlatform.Shared.Tests.Speech;

/// <summary>
/// Runs alone, after the parallel classes: a clip here streams with real pauses against a 2 s stall limit, and the
/// embedding and decoding classes beside it once starved the thread pool long enough to stretch a 300 ms pause past it.
/// </summary>
[Collection(nameof(DeepgramStreamingTests))]
public sealed class DeepgramStreamingTests : IAsyncLifetime
{
    // Only there so a broken test fails instead of hanging; nothing here is timed.
    private static readonly TimeSpan _guard = TimeSpan.FromSeconds(60);
    private FakeDeepgram _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDeepgram.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task First_chunk_reaches_the_caller_before_Deepgram_has_finished_sending()
    {
        var audio = FakeDeepgram.Audio(24_000);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fake.Respond = async (context, _) =>
        {
            // Everything after the first write waits for the test, which only releases it once it holds that write.
            await FakeDeepgram.SpeakAsync(context, audio, writes: 4, between: i => i == 0 ? release.Task : Task.CompletedTask);
            finished.SetResult();
        };
        using var host = SpeechHost.WithDeepgram(_fake);

        await using var stream = await host.Speech.SpeakAsync("Tell me about a hard bug you fixed.", "en").WaitAsync(_guard);
        await using var chunks = stream.ReadChunksAsync().GetAsyncEnumerator();
        Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(_guard));
        var first = chunks.Current.ToArray();

        Assert.False(finished.Task.IsCompleted);
        Assert.Equal(audio.AsSpan(0, first.Length).ToArray(), first);
        Assert.Equal((SpeechProvider.Deepgram, "aura-2-thalia-en", AudioFormat.Pcm16Mono24k), (stream.Provider, stream.Voice, stream.Format));
        Assert.False(stream.FromCache);
        Assert.Empty(stream.Fallbacks);

        release.SetResult();
        var rest = new List<byte>(first);
        while (await chunks.MoveNextAsync().AsTask().WaitAsync(_guard)) rest.AddRange(chunks.Current.ToArray());
        Assert.Equal(audio, rest.ToArray());
        await finished.Task.WaitAsync(_guard);
    }

    [Theory]
    [InlineData("en", "aura-2-thalia-en")]
    [InlineData("es", "aura-2-celeste-es")]
    [InlineData("fr", "aura-2-agathe-fr")]
    [InlineData("de-DE", "aura-2-viktoria-de")]
    [InlineData("it", "aura-2-livia-it")]
    [InlineData("ja", "aura-2-izanami-ja")]
    public async Task Requests_speak_Deepgrams_wire_format_with_the_languages_Aura_voice(string language, string model)
    {
        using var host = SpeechHost.WithDeepgram(_fake);

        await using var stream = await host.Speech.SpeakAsync("  Quelle est \"votre\" expérience ?\n", language);
        Assert.NotEmpty(await stream.ReadAllAsync());

        var request = Assert.Single(_fake.Seen);
        Assert.Equal(new SpeakRequest(model, "linear16", "24000", "none", "Quelle est \"votre\" expérience ?"), request);
        Assert.Equal(model, stream.Voice);
    }

    [Fact]
    public async Task A_voice_from_configuration_replaces_the_default()
    {
        using var host = SpeechHost.WithDeepgram(_fake, new() { ["TTS_DEEPGRAM_VOICES"] = "en=aura-2-zeus-en" });

        await using var stream = await host.Speech.SpeakAsync("Hello.", "en");
        await stream.ReadAllAsync();

        Assert.Equal("aura-2-zeus-en", Assert.Single(_fake.Seen).Model);
    }

    [Fact]
    public async Task Cancelling_the_stream_aborts_the_Deepgram_request_and_stores_nothing()
    {
        _fake.Respond = async (context, _) =>
        {
            await FakeDeepgram.SpeakAsync(context, FakeDeepgram.Audio(2_000), writes: 1);
            await Task.Delay(Timeout.Infinite, context.RequestAborted); // the rest of a long clip, never sent
        };
        using var host = SpeechHost.WithDeepgram(_fake);
        using var cancel = new CancellationTokenSource();

        await using var stream = await host.Speech.SpeakAsync("A long question that is never heard to the end.", "en");
        var chunks = stream.ReadChunksAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(_guard));
        cancel.Cancel();
        // Chunks already received may still come out; the stream then ends cancelled, never complete.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await chunks.MoveNextAsync()) { }
        });
        await chunks.DisposeAsync();

        await _fake.Aborted.Task.WaitAsync(_guard);
        Assert.Empty(host.StoredClips);
    }

    [Fact]
    public async Task A_clip_that_streams_for_longer_than_an_attempt_may_take_is_not_cut()
    {
        using var host = SpeechHost.WithDeepgram(_fake, new() { ["TTS_TIMEOUT_SECONDS"] = "2", ["TTS_RETRIES"] = "0" });
        await using (var warm = await host.Speech.SpeakAsync("Warm up.", "en")) await warm.ReadAllAsync(); // JIT and connection, not the clip, may take a second
        // Each pause is far under the stall limit (2 s: a loaded CI once stretched a pause past 1 s), the whole body
        // (15 pauses, 4.5 s) longer than the attempt and total timeouts (2 s and 3 s).
        var audio = FakeDeepgram.Audio(24_000);
        _fake.Respond = (context, _) => FakeDeepgram.SpeakAsync(context, audio, writes: 16, between: _ => Task.Delay(300));

        await using var stream = await host.Speech.SpeakAsync("A long question.", "en");

        Assert.Empty(stream.Fallbacks);
        Assert.Equal(audio, await stream.ReadAllAsync());
        Assert.Equal(2, _fake.Requests);
    }

    [Fact]
    public async Task Odd_sized_reads_still_yield_whole_samples_in_chunks_of_at_most_16_KiB()
    {
        var audio = FakeDeepgram.Audio(30_001); // 60,002 bytes in writes of 15,001: every write ends mid-sample
        _fake.Respond = (context, _) => FakeDeepgram.SpeakAsync(context, audio, writes: 4);
        using var host = SpeechHost.WithDeepgram(_fake);

        await using var stream = await host.Speech.SpeakAsync("Chunks.", "en");

        Assert.Equal(audio, await stream.ReadAllAsync());
    }
}

[CollectionDefinition(nameof(DeepgramStreamingTests), DisableParallelization = true)]
public sealed class DeepgramStreamingCollection;
