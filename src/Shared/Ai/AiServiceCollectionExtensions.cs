using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OpenAI;

namespace InterviewPlatform.Shared.Ai;

public static class AiServiceCollectionExtensions
{
    internal const string HttpClientName = "ai";

    /// <summary>The <see cref="AiModel"/> AI_PROVIDER chooses, and the services that use it with the offline evaluator behind them.</summary>
    public static IServiceCollection AddPlatformAi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AiOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AiOptions>, AiOptionsValidator>();
        // HttpClient's own 100 s limit would cut retries short: the resilience handler's timeouts decide instead.
        services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) => Configure(resilience, sp.GetRequiredService<IOptions<AiOptions>>().Value));
        // Chosen when first resolved, so settings that tests or later configuration sources add still decide.
        services.AddSingleton(sp => Create(sp.GetRequiredService<IOptions<AiOptions>>().Value, sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        services.AddSingleton<StructuredAi>();
        services.AddSingleton<ResumeMatcher>();
        services.AddSingleton<QuestionGenerator>();
        services.AddScoped<ResumeMatchJob>();
        services.AddScoped<GenerateQuestionsJob>();
        services.AddSingleton<Evaluation.AiAnswerEvaluator>();
        return services;
    }

    private static AiModel Create(AiOptions options, HttpClient http) => options.Provider switch
    {
        AiProvider.Gemini => new(AiProvider.Gemini, options.Model,
            new GeminiChatClient(http, GeminiChatClient.GeminiEndpoint(options.GeminiBaseUrl, options.Model), options.Model, bearer: null, options.GeminiApiKey)),
        AiProvider.Vertex => new(AiProvider.Vertex, options.Model, new GeminiChatClient(http,
            GeminiChatClient.VertexEndpoint(options.VertexBaseUrl ?? $"https://{options.VertexLocation}-aiplatform.googleapis.com", options.VertexProject!,
                options.VertexLocation, options.Model),
            options.Model, VertexToken(options.VertexCredentialsFile!), apiKey: null)),
        AiProvider.Openai => new(AiProvider.Openai, options.Model, new OpenAIClient(new ApiKeyCredential(options.OpenAiApiKey!), new OpenAIClientOptions
        {
            Endpoint = new Uri(options.OpenAiBaseUrl),
            Transport = new HttpClientPipelineTransport(http),
            // Our resilience handler retries (honouring Retry-After); the SDK's own retries would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        }).GetChatClient(options.Model).AsIChatClient()),
        _ => new(AiProvider.Offline, "offline", null),
    };

    /// <summary>
    /// An OAuth access token for the service account in the key file, exchanged at the file's token_uri and cached by
    /// Google.Apis.Auth until shortly before it expires (one token request per hour, not per call).
    /// </summary>
    private static Func<CancellationToken, ValueTask<AuthenticationHeaderValue?>> VertexToken(string keyFile)
    {
        var credential = CredentialFactory.FromFile<ServiceAccountCredential>(keyFile).ToGoogleCredential()
            .CreateScoped("https://www.googleapis.com/auth/cloud-platform");
        return async ct => new AuthenticationHeaderValue("Bearer", await ((ITokenAccess)credential).GetAccessTokenForRequestAsync(cancellationToken: ct));
    }

    private static void Configure(HttpStandardResilienceOptions resilience, AiOptions options)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Max(options.RetryDelayMs, 1));
        resilience.AttemptTimeout.Timeout = options.Timeout;
        resilience.Retry.MaxRetryAttempts = Math.Max(options.Retries, 1);
        if (options.Retries == 0) resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        resilience.Retry.Delay = delay;
        resilience.Retry.MaxDelay = TimeSpan.FromSeconds(60); // a Retry-After past this gives up rather than holding a job
        resilience.TotalRequestTimeout.Timeout = options.Timeout * (options.Retries + 1) + TimeSpan.FromSeconds(60) * options.Retries + TimeSpan.FromSeconds(1);
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.Timeout.Ticks * 2));
    }
}
