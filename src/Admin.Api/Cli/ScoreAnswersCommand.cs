using System.Text.Json;
using System.Text.Json.Serialization;
using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Admin.Api.Cli;

/// <summary>
/// <c>score-answers [--evaluator offline|configured]</c>: one JSON object per line on stdin
/// (<c>{"id","question","expected_answer","keywords":[...],"answer","language","kind":"verbal|coding"}</c>), one line out per
/// line in (<c>{"id","score","evaluator","rationale"}</c>, or <c>{"id","error"}</c> for a line that is not such an object).
/// Needs no database and no secret, so any evaluator can be measured from outside on a labelled file.
/// </summary>
public static class ScoreAnswersCommand
{
    private static readonly JsonSerializerOptions _json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool IsCommand(string[] args) => args is ["score-answers", ..];

    /// <returns>0 when every line was scored, 1 when some line was refused, 2 for bad arguments.</returns>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> environment, TextReader input, TextWriter output, TextWriter error)
    {
        var evaluator = args.Skip(1).SkipWhile(a => a != "--evaluator").Skip(1).FirstOrDefault() ?? "offline";
        if (args.Skip(1).Any(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--evaluator") || evaluator is not ("offline" or "configured"))
        {
            await error.WriteLineAsync("usage: score-answers [--evaluator offline|configured] < answers.jsonl > scores.jsonl");
            return 2;
        }
        // The configured model, as the hosts build it from the same variables (no database or web host needed).
        await using var services = new ServiceCollection().AddLogging()
            .AddPlatformAi(new ConfigurationBuilder().AddInMemoryCollection(environment).Build()).BuildServiceProvider();
        AiAnswerEvaluator? model = null;
        if (evaluator == "configured" && ConfiguredProvider(environment) is not null)
        {
            try
            {
                _ = services.GetRequiredService<IOptions<AiOptions>>().Value;
                model = services.GetRequiredService<AiAnswerEvaluator>();
            }
            catch (OptionsValidationException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return 2;
            }
        }

        var refused = 0;
        var lineNumber = 0;
        while (await input.ReadLineAsync() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var (result, ok) = await ScoreLineAsync(line, lineNumber, model);
            if (!ok) refused++;
            await output.WriteLineAsync(JsonSerializer.Serialize(result, _json));
        }
        await output.FlushAsync();
        return refused == 0 ? 0 : 1;
    }

    /// <summary>v7's USE_MOCK_AI=true, an explicit "offline" and no provider at all all mean the offline evaluator.</summary>
    private static string? ConfiguredProvider(IReadOnlyDictionary<string, string?> environment)
    {
        if (string.Equals(environment.GetValueOrDefault("USE_MOCK_AI"), "true", StringComparison.OrdinalIgnoreCase)) return null;
        var provider = environment.GetValueOrDefault("AI_PROVIDER")?.Trim().ToLowerInvariant();
        if (provider is null or "" or "offline") return environment.GetValueOrDefault("GEMINI_API_KEY") is { Length: > 0 } ? "gemini" : null;
        return provider;
    }

    private static async Task<(ScoredLine, bool)> ScoreLineAsync(string line, int lineNumber, AiAnswerEvaluator? model)
    {
        AnswerLine? item;
        try
        {
            item = JsonSerializer.Deserialize<AnswerLine>(line, _json);
        }
        catch (JsonException ex)
        {
            return (new ScoredLine($"line {lineNumber}", null, null, null, $"not a JSON object: {ex.Message}"), false);
        }
        if (item is null || string.IsNullOrWhiteSpace(item.Id))
        {
            return (new ScoredLine($"line {lineNumber}", null, null, null, "id is required"), false);
        }
        if (item.Kind is not (null or "verbal" or "coding"))
        {
            return (new ScoredLine(item.Id, null, null, null, "kind must be verbal or coding"), false);
        }
        if (model is not null)
        {
            var (score, by, rationale) = await model.ScoreAnswerAsync(item.Question ?? "", item.ExpectedAnswer, item.Keywords ?? [], item.Answer ?? "",
                item.Language ?? "en", item.Kind == "coding" ? QuestionKind.Coding : QuestionKind.Verbal, CancellationToken.None);
            return (new ScoredLine(item.Id, score, by, rationale, null), true);
        }
        var scored = OfflineEvaluator.Score(item.ExpectedAnswer, item.Keywords ?? [], item.Answer);
        return (new ScoredLine(item.Id, scored.Score, OfflineEvaluator.ActiveName, scored.Rationale, null), true);
    }

    private sealed record AnswerLine(string? Id, string? Question, string? ExpectedAnswer, string[]? Keywords, string? Answer, string? Language, string? Kind);

    private sealed record ScoredLine(string Id, double? Score, string? Evaluator, string? Rationale, string? Error);
}
