using InterviewPlatform.Shared.Speech;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Shared.Tests.Speech;

/// <summary>The speech feature as a host wires it (AddPlatformSpeech over configuration), with its own cache folder unless given one.</summary>
internal sealed class SpeechHost : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsCacheDir;

    public SpeechHost(Dictionary<string, string?> settings, string? cacheDir = null)
    {
        _ownsCacheDir = cacheDir is null;
        CacheDir = cacheDir ?? Path.Combine(Path.GetTempPath(), $"tts-cache-{Guid.NewGuid():N}");
        settings.TryAdd("TTS_CACHE_DIR", CacheDir);
        // Fast retries: the tests count requests, not seconds.
        settings.TryAdd("TTS_RETRY_DELAY_MS", "1");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddLogging().AddPlatformSpeech(configuration).BuildServiceProvider(validateScopes: true);
    }

    /// <summary>Deepgram first (the fake), espeak-ng behind it.</summary>
    public static SpeechHost WithDeepgram(FakeDeepgram fake, Dictionary<string, string?>? more = null, string? cacheDir = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DEEPGRAM_API_KEY"] = FakeDeepgram.ApiKey,
            ["DEEPGRAM_BASE_URL"] = fake.BaseUrl,
        };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return new SpeechHost(settings, cacheDir);
    }

    public string CacheDir { get; }

    public ITextToSpeech Speech => _services.GetRequiredService<ITextToSpeech>();

    public IServiceProvider Services => _services;

    /// <summary>The clips stored so far (temporary files excluded).</summary>
    public string[] StoredClips => Directory.Exists(CacheDir) ? Directory.GetFiles(CacheDir, "*.pcm", SearchOption.AllDirectories) : [];

    public void Dispose()
    {
        _services.Dispose();
        if (_ownsCacheDir && Directory.Exists(CacheDir)) Directory.Delete(CacheDir, recursive: true);
    }
}

internal static class SpeechStreamExtensions
{
    /// <summary>Every chunk, checking on the way the stream's promise: at most 16 KiB, whole 16-bit samples.</summary>
    public static async Task<byte[]> ReadAllAsync(this SpeechStream stream, CancellationToken ct = default)
    {
        using var all = new MemoryStream();
        await foreach (var chunk in stream.ReadChunksAsync(ct))
        {
            Assert.InRange(chunk.Length, 2, SpeechStream.MaxChunkBytes);
            Assert.Equal(0, chunk.Length % 2);
            all.Write(chunk.Span);
        }
        return all.ToArray();
    }
}
