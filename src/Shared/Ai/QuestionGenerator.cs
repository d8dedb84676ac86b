using System.Text.Json;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;

namespace InterviewPlatform.Shared.Ai;

/// <summary>
/// Interview questions written by the configured model for one JD (and, for a DYNAMIC interview, one candidate's
/// resume), in the interview's language, verbal and coding; the offline question bank answers when no model is
/// configured or the model fails.
/// </summary>
public sealed class QuestionGenerator(StructuredAi ai, QuestionBank bank)
{
    public const string OfflineName = "offline-question-bank";
    public const string AiName = "ai-questions";
    public const string PromptVersion = "questions-2026-12-a";

    private const string Instruction =
        "You write interview questions for the job in the data. Write exactly `count` questions at the given difficulty " +
        "(easy, medium, hard, or mixed: easier first), of which `coding_count` are coding tasks and the rest verbal. Write " +
        "every question, expected answer and keyword in the language whose ISO 639-1 code is `language`. Base them on the job " +
        "description and domain; when resume_text is present, ask about the candidate's stated experience where it meets the " +
        "job. Each question has: text; expected_answer, the answer a strong candidate gives, which graders compare against; " +
        "3 to 8 keywords, the concepts that answer must cover; kind, verbal or coding; time_limit_seconds (60 to 900); for " +
        "coding questions code_language and a short starter_code, empty strings for verbal ones.";

    private static readonly JsonElement _schema = AiJson.Schema("""
        {"type":"object","additionalProperties":false,"required":["questions"],"properties":{
          "questions":{"type":"array","items":{"type":"object","additionalProperties":false,
            "required":["text","expected_answer","keywords","kind","time_limit_seconds","code_language","starter_code"],
            "properties":{"text":{"type":"string"},"expected_answer":{"type":"string"},"keywords":{"type":"array","items":{"type":"string"}},
              "kind":{"type":"string","enum":["verbal","coding"]},"time_limit_seconds":{"type":"integer","minimum":60,"maximum":900},
              "code_language":{"type":"string"},"starter_code":{"type":"string"}}}}}}
        """);

    public async Task<GeneratedQuestions> GenerateAsync(QuestionRequest request, CancellationToken ct)
    {
        var data = new
        {
            JobTitle = request.JobTitle,
            JobDescription = request.JobText ?? "",
            request.Domain,
            request.Difficulty,
            request.Language,
            request.Count,
            request.CodingCount,
            ResumeText = request.ResumeText,
        };
        var answer = await ai.AskAsync(Instruction, data, _schema, "interview_questions", json => Validate(json, request), ct);
        var model = ai.Model;
        if (answer.Value is { } questions) return new GeneratedQuestions(questions, AiName, model.ProviderName, model.Model, answer.TokensUsed, null);
        return new GeneratedQuestions(Offline(request), OfflineName, "offline", OfflineName, answer.TokensUsed, model.Client is null ? null : answer.FailureReason);
    }

    /// <summary>The bank's questions for the domain (English: the bank has no other language); empty for a domain it does not know.</summary>
    private List<BankQuestion> Offline(QuestionRequest request) => request.Difficulty == "mixed"
        ? [.. bank.Pick(request.Domain, request.Seed) ?? []]
        : bank.Questions(request.Domain, request.Difficulty).OrderBy(_ => new Random(request.Seed).Next()).Take(request.Count).ToList();

    private static List<BankQuestion> Validate(JsonElement json, QuestionRequest request)
    {
        var items = json.GetProperty("questions").EnumerateArray().ToList();
        if (items.Count == 0 || items.Count > request.Count) throw new AiValidationException($"expected 1 to {request.Count} questions, got {items.Count}");
        return items.Select((q, i) =>
        {
            var text = AiJson.Text(q, "text");
            var expected = AiJson.Text(q, "expected_answer", 4000);
            var keywords = AiJson.Texts(q, "keywords", 8);
            if (text.Length < 10) throw new AiValidationException($"question {i + 1} has no text");
            if (expected.Length == 0) throw new AiValidationException($"question {i + 1} has no expected_answer");
            if (keywords.Count == 0) throw new AiValidationException($"question {i + 1} has no keywords");
            if (!WireEnum<QuestionKind>.TryParse(q.GetProperty("kind").GetString(), out var kind)) throw new AiValidationException($"question {i + 1}: kind must be verbal or coding");
            var seconds = q.GetProperty("time_limit_seconds").GetInt32();
            if (seconds is < 30 or > 1800) throw new AiValidationException($"question {i + 1}: time_limit_seconds must be between 60 and 900, got {seconds}");
            var codeLanguage = AiJson.Text(q, "code_language", 32);
            if (kind == QuestionKind.Coding && codeLanguage.Length == 0) throw new AiValidationException($"coding question {i + 1} needs code_language");
            var starter = AiJson.Text(q, "starter_code", 4000);
            return new BankQuestion(text, expected, keywords, kind, seconds, kind == QuestionKind.Coding ? codeLanguage : null,
                kind == QuestionKind.Coding && starter.Length > 0 ? starter : null);
        }).ToList();
    }
}

/// <summary>What to write questions for. <see cref="Seed"/> makes the offline pick repeatable for one interview or request.</summary>
public sealed record QuestionRequest(string JobTitle, string? JobText, string Domain, string Difficulty, string Language, string? ResumeText, int Count,
    int CodingCount, int Seed);

public sealed record GeneratedQuestions(IReadOnlyList<BankQuestion> Questions, string Generator, string Provider, string Model, long TokensUsed,
    string? FallbackReason);
