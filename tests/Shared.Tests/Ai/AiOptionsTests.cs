using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Interviews;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Tests.Ai;

public sealed class AiOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging().AddSingleton<QuestionBank>()
            .AddPlatformAi(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

    [Theory]
    [InlineData(null, null, null, "offline")] // nothing configured
    [InlineData(null, "true", "key", "offline")] // v7's USE_MOCK_AI wins over its key
    [InlineData(null, "false", "key", "gemini")] // a v7 .env with a Gemini key
    [InlineData("offline", null, "key", "offline")]
    [InlineData("GEMINI", null, "key", "gemini")]
    public void The_provider_follows_AI_PROVIDER_then_v7_s_settings(string? provider, string? mock, string? key, string expected)
    {
        using var services = Services(new() { ["AI_PROVIDER"] = provider, ["USE_MOCK_AI"] = mock, ["GEMINI_API_KEY"] = key });
        var model = services.GetRequiredService<AiModel>();
        Assert.Equal(expected, model.ProviderName);
        Assert.Equal(expected == "offline", model.Client is null);
    }

    [Theory]
    [InlineData("openai", "AI_PROVIDER=openai needs OPENAI_API_KEY")]
    [InlineData("vertex", "AI_PROVIDER=vertex needs GOOGLE_APPLICATION_CREDENTIALS")]
    [InlineData("gemini", "AI_PROVIDER=gemini needs GEMINI_API_KEY")]
    [InlineData("claude", "AI_PROVIDER must be one of offline, gemini, vertex, openai, got 'claude'")]
    public void A_provider_without_what_it_needs_stops_start_up_with_a_clear_message(string provider, string message)
    {
        using var services = Services(new() { ["AI_PROVIDER"] = provider });
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AiOptions>>().Value);
        Assert.Contains(message, error.Message);
    }
}
