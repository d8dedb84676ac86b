using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Speech;

public static class SpeechServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ITextToSpeech"/> with the providers SpeechOptions chooses, the clip cache, and
    /// <see cref="PrerenderQuestionAudioJob"/> (enqueued by scheduling, not here); <see cref="ISpeechToText"/> chosen by
    /// STT_PROVIDER, and <see cref="TranscribeRecordingJob"/> (enqueued by <see cref="TranscriptSweeper"/>, which the job server runs).
    /// </summary>
    public static IServiceCollection AddPlatformSpeech(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpeechOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpeechOptions>, SpeechOptionsValidator>();
        services.AddSingleton<SpeechCache>();
        services.AddSingleton<EspeakSpeech>();

        services.AddHttpClient<DeepgramSpeech>((sp, http) => DeepgramSpeech.Configure(http, sp.GetRequiredService<IOptions<SpeechOptions>>().Value))
            // Long-lived connections are renewed by the handler, so the singleton below may keep its client.
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) => Configure(resilience, sp.GetRequiredService<IOptions<SpeechOptions>>().Value));

        // Chosen when first resolved, not here, so settings that tests or later sources add still decide.
        services.AddSingleton<ITextToSpeech>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SpeechOptions>>().Value;
            var first = options.FirstProvider;
            var providers = new List<ISpeechEngine>();
            if (first == SpeechProvider.Deepgram) providers.Add(sp.GetRequiredService<DeepgramSpeech>());
            if (first != SpeechProvider.None && EspeakSpeech.Locate(options.EspeakPath) is not null) providers.Add(sp.GetRequiredService<EspeakSpeech>());
            return new TextToSpeech(providers, sp.GetRequiredService<SpeechCache>(), sp.GetRequiredService<ILogger<TextToSpeech>>());
        });
        services.AddScoped<PrerenderQuestionAudioJob>();

        services.AddOptions<SpeechToTextOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpeechToTextOptions>, SpeechToTextOptionsValidator>();
        services.AddHttpClient<DeepgramListen>((sp, http) => DeepgramListen.Configure(http, sp.GetRequiredService<IOptions<SpeechToTextOptions>>().Value))
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(o =>
            {
                // A long recording takes a while to upload and transcribe: give each attempt a minute.
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(4);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(2);
            });
        services.AddSingleton<Offline.WhisperSpeechToText>();
        services.AddSingleton<ISpeechToText>(sp => sp.GetRequiredService<IOptions<SpeechToTextOptions>>().Value.FirstProvider switch
        {
            SpeechToTextOptions.Deepgram => sp.GetRequiredService<DeepgramListen>(),
            SpeechToTextOptions.Whisper => sp.GetRequiredService<Offline.WhisperSpeechToText>(),
            _ => new NoSpeechToText(),
        });
        services.AddScoped<TranscribeRecordingJob>();
        return services;
    }

    /// <summary>Retries and timeouts from TTS_RETRIES, TTS_RETRY_DELAY_MS and TTS_TIMEOUT_SECONDS.</summary>
    private static void Configure(HttpStandardResilienceOptions resilience, SpeechOptions options)
    {
        var attempt = options.Timeout;
        var delay = TimeSpan.FromMilliseconds(options.RetryDelayMs);
        resilience.AttemptTimeout.Timeout = attempt;
        resilience.Retry.MaxRetryAttempts = Math.Max(options.Retries, 1);
        if (options.Retries == 0) resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        resilience.Retry.Delay = delay;
        resilience.Retry.MaxDelay = delay * 8;
        // Every attempt at its longest plus every wait between them: the total must never cut a retry short.
        resilience.TotalRequestTimeout.Timeout = attempt * (options.Retries + 1) + delay * 8 * options.Retries + TimeSpan.FromSeconds(1);
        // The standard handler insists on a sampling window of at least two attempts.
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, attempt.Ticks * 2));
    }
}
