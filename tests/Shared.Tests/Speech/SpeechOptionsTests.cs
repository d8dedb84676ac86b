using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Speech;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Tests.Speech;

public sealed class SpeechOptionsTests
{
    [Fact]
    public void Defaults_apply_when_nothing_is_set()
    {
        var options = Options([]);

        Assert.Equal("https://api.deepgram.com", options.DeepgramBaseUrl);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "uploads", "tts-cache"), options.CacheDirectory);
        Assert.Equal((10d, 2, 500), (options.TimeoutSeconds, options.Retries, options.RetryDelayMs));
        Assert.Equal(SpeechOptions.DefaultDeepgramVoices, options.DeepgramVoices);
        Assert.Equal(12, options.EspeakVoices.Count);
    }

    [Theory]
    [InlineData(null, "key", "espeak-ng", SpeechProvider.Deepgram)]
    [InlineData(null, null, "espeak-ng", SpeechProvider.Espeak)]
    [InlineData(null, null, "/nonexistent/espeak-ng", SpeechProvider.None)]
    [InlineData("espeak", "key", "espeak-ng", SpeechProvider.Espeak)]
    [InlineData(" None ", "key", "espeak-ng", SpeechProvider.None)]
    public void The_first_provider_is_chosen_by_TTS_PROVIDER_else_by_what_is_available(string? provider, string? key, string espeak, SpeechProvider expected)
    {
        var settings = new Dictionary<string, string?> { ["TTS_PROVIDER"] = provider, ["DEEPGRAM_API_KEY"] = key, ["ESPEAK_NG_PATH"] = espeak };

        Assert.Equal(expected, Options(settings).FirstProvider);
        Assert.Equal(expected == SpeechProvider.None ? null : AudioFormat.Pcm16Mono24k, Provider(settings).GetRequiredService<ITextToSpeech>().Format);
    }

    [Fact]
    public void The_cache_lives_in_UPLOAD_DIR_unless_TTS_CACHE_DIR_names_another_folder()
    {
        Assert.Equal(Path.Combine("/srv/uploads", "tts-cache"), Options(new() { ["UPLOAD_DIR"] = "/srv/uploads" }).CacheDirectory);
        Assert.Equal("/var/cache/tts", Options(new() { ["UPLOAD_DIR"] = "/srv/uploads", ["TTS_CACHE_DIR"] = "/var/cache/tts" }).CacheDirectory);
    }

    [Fact]
    public void Voice_lists_override_add_and_remove_languages()
    {
        var options = Options(new()
        {
            ["TTS_DEEPGRAM_VOICES"] = "en=aura-2-zeus-en, nl=aura-2-rhea-nl; ja=",
            ["TTS_ESPEAK_VOICES"] = "pt=pt",
        });

        Assert.Equal("aura-2-zeus-en", options.DeepgramVoices["en"]);
        Assert.Equal("aura-2-rhea-nl", options.DeepgramVoices["nl"]);
        Assert.False(options.DeepgramVoices.ContainsKey("ja"));
        Assert.Equal("pt", options.EspeakVoices["pt"]);
    }

    [Theory]
    [InlineData("TTS_PROVIDER", "polly", "TTS_PROVIDER")]
    [InlineData("TTS_PROVIDER", "deepgram", "DEEPGRAM_API_KEY")]
    [InlineData("DEEPGRAM_BASE_URL", "ftp://deepgram.test", "DEEPGRAM_BASE_URL")]
    [InlineData("DEEPGRAM_BASE_URL", "not a url", "DEEPGRAM_BASE_URL")]
    [InlineData("TTS_DEEPGRAM_VOICES", "en", "TTS_DEEPGRAM_VOICES")]
    [InlineData("TTS_ESPEAK_VOICES", "=en-us", "TTS_ESPEAK_VOICES")]
    [InlineData("TTS_TIMEOUT_SECONDS", "0", "TTS_TIMEOUT_SECONDS")]
    [InlineData("TTS_RETRIES", "-1", "TTS_RETRIES")]
    [InlineData("TTS_RETRY_DELAY_MS", "0", "TTS_RETRY_DELAY_MS")]
    [InlineData("TTS_CACHE_DIR", " ", "TTS_CACHE_DIR")]
    public void Bad_settings_fail_at_startup_naming_the_variable(string key, string value, string named)
    {
        var provider = Provider(new() { [key] = value });

        // The resilience handler's options read SpeechOptions too, so the failure may come twice, aggregated: the guard prints one line.
        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(named, StartupGuard.Describe(error));
    }

    [Fact]
    public void Espeak_chosen_but_missing_fails_at_startup_saying_how_to_fix_it()
    {
        var provider = Provider(new() { ["TTS_PROVIDER"] = "espeak", ["ESPEAK_NG_PATH"] = "/nonexistent/espeak-ng" });

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("espeak-ng was not found (ESPEAK_NG_PATH='/nonexistent/espeak-ng')", StartupGuard.Describe(error));
    }

    [Fact]
    public void The_prerender_job_is_registered_for_Hangfire_to_resolve()
    {
        var services = new ServiceCollection().AddPlatformSpeech(new ConfigurationBuilder().Build());

        Assert.Contains(services, d => d.ServiceType == typeof(PrerenderQuestionAudioJob) && d.Lifetime == ServiceLifetime.Scoped);
    }

    private static SpeechOptions Options(Dictionary<string, string?> settings) =>
        Provider(settings).GetRequiredService<IOptions<SpeechOptions>>().Value;

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddPlatformSpeech(configuration).BuildServiceProvider();
    }
}
