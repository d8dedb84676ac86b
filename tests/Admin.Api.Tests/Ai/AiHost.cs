using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Ai;

/// <summary>The AI feature as a host wires it (AddPlatformAi over configuration), pointed at a loopback fake.</summary>
internal sealed class AiHost : IDisposable
{
    private readonly ServiceProvider _services;

    public AiHost(Dictionary<string, string?> settings)
    {
        settings.TryAdd("AI_RETRY_DELAY_MS", "1"); // the tests count requests, not seconds
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton<QuestionBank>().AddPlatformAi(configuration).BuildServiceProvider();
    }

    public static AiHost For(string provider, FakeGoogleAi google, FakeOpenAi openAi) => provider switch
    {
        "gemini" => new AiHost(new() { ["AI_PROVIDER"] = "gemini", ["GEMINI_API_KEY"] = FakeGoogleAi.ApiKey, ["GEMINI_BASE_URL"] = google.BaseUrl, ["GEMINI_MODEL"] = "gemini-2.5-flash" }),
        "vertex" => new AiHost(new()
        {
            ["AI_PROVIDER"] = "vertex",
            ["GOOGLE_APPLICATION_CREDENTIALS"] = google.WriteKeyFile(),
            ["VERTEX_PROJECT"] = FakeGoogleAi.Project,
            ["VERTEX_LOCATION"] = FakeGoogleAi.Location,
            ["VERTEX_BASE_URL"] = google.BaseUrl,
            ["VERTEX_MODEL"] = "gemini-2.5-pro",
        }),
        "openai" => new AiHost(new() { ["AI_PROVIDER"] = "openai", ["OPENAI_API_KEY"] = FakeOpenAi.ApiKey, ["OPENAI_BASE_URL"] = openAi.BaseUrl, ["OPENAI_MODEL"] = "gpt-4o-mini" }),
        _ => new AiHost(new() { ["USE_MOCK_AI"] = "true" }),
    };

    public AiModel Model => _services.GetRequiredService<AiModel>();

    public AiAnswerEvaluator Evaluator => _services.GetRequiredService<AiAnswerEvaluator>();

    public ResumeMatcher Matcher => _services.GetRequiredService<ResumeMatcher>();

    public QuestionGenerator Generator => _services.GetRequiredService<QuestionGenerator>();

    public void Dispose() => _services.Dispose();
}
