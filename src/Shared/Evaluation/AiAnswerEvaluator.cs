using System.Text.Json;
using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>
/// Scores an interview's answered questions with the configured model in one call. The model only judges each
/// answer; the overall score and recommendation are computed here from its clamped, validated per-answer scores,
/// and integrity events are never sent to it.
/// </summary>
public sealed class AiAnswerEvaluator(StructuredAi ai)
{
    public const string Name = "ai-rubric";
    public const string PromptVersion = "eval-2026-12-a";
    public const string RubricVersion = "expected-answer+keywords-1";

    private const string Instruction =
        "You evaluate a candidate's answers in a technical job interview. For each question in the data, score the candidate's " +
        "answer from 0 to 10 against the question's expected answer and rubric keywords: 10 is complete and correct, 5 covers " +
        "half of the expected concepts, 0 is wrong, empty or off-topic. A confident answer that repeats keywords without " +
        "explaining them correctly is wrong. Give a short rationale, the strengths and the gaps, and rubric_coverage, the share " +
        "(0 to 1) of the expected concepts the answer covers. For coding questions also judge correctness (does the code do what " +
        "was asked, with which bugs), time and space complexity, and style; for verbal questions leave those three empty. " +
        "Answers whose answer_source is transcript were spoken and transcribed: do not penalise transcription errors. " +
        "Write rationale, strengths, gaps and summary in the interview's language. Finally summarise the whole interview in " +
        "two or three sentences.";

    private static readonly JsonElement _schema = AiJson.Schema("""
        {"type":"object","additionalProperties":false,"required":["answers","summary"],"properties":{
          "answers":{"type":"array","items":{"type":"object","additionalProperties":false,
            "required":["ordinal","score","rationale","strengths","gaps","rubric_coverage","correctness","complexity","style"],
            "properties":{"ordinal":{"type":"integer"},"score":{"type":"number","minimum":0,"maximum":10},"rationale":{"type":"string"},
              "strengths":{"type":"array","items":{"type":"string"}},"gaps":{"type":"array","items":{"type":"string"}},
              "rubric_coverage":{"type":"number","minimum":0,"maximum":1},"correctness":{"type":"string"},"complexity":{"type":"string"},
              "style":{"type":"string"}}}},
          "summary":{"type":"string"}}}
        """);

    public AiModel Model => ai.Model;

    /// <summary>Null with the reason when the model failed twice or is not configured; the caller then scores offline.</summary>
    public async Task<(AiEvaluation? Result, long Tokens, string? FailureReason)> EvaluateAsync(Interview interview, CancellationToken ct)
    {
        var answered = interview.Questions.OrderBy(q => q.Ordinal)
            .Select(q => (Question: q, Answer: interview.Answers.SingleOrDefault(a => a.Ordinal == q.Ordinal)))
            .Where(x => x.Answer is { Unanswered: false } a && !string.IsNullOrWhiteSpace($"{a.Text}{a.Code}"))
            .ToList();
        if (answered.Count == 0 && ai.Model.Client is not null) return (new AiEvaluation([], "No question was answered."), 0, null);
        var data = new
        {
            InterviewLanguage = interview.Language,
            Domain = interview.Domain,
            Questions = answered.Select(x => new
            {
                x.Question.Ordinal,
                Kind = WireEnum<QuestionKind>.Name(x.Question.Kind),
                Question = x.Question.Text,
                x.Question.ExpectedAnswer,
                RubricKeywords = x.Question.Keywords,
                x.Question.CodeLanguage,
                AnswerSource = "typed",
                CandidateAnswer = x.Answer!.Text,
                CandidateCode = x.Answer.Code,
            }),
        };
        var kinds = answered.ToDictionary(x => x.Question.Ordinal, x => x.Question.Kind);
        var answer = await ai.AskAsync(Instruction, data, _schema, "interview_evaluation", json => Validate(json, kinds), ct);
        return (answer.Value, answer.TokensUsed, answer.FailureReason);
    }

    /// <summary>
    /// One answer outside any interview, as a measuring command (score-answers --evaluator configured) needs it:
    /// the configured model's score, else the offline evaluator's, with the evaluator that produced it.
    /// </summary>
    public async Task<(double Score, string Evaluator, string Rationale)> ScoreAnswerAsync(string question, string? expectedAnswer, IReadOnlyList<string> keywords,
        string answer, string language, QuestionKind kind, CancellationToken ct)
    {
        var interview = new Interview
        {
            FullName = "-",
            Email = "-",
            Domain = "-",
            Language = language,
            Questions = [new InterviewQuestion { Ordinal = 1, Text = question, ExpectedAnswer = expectedAnswer, Keywords = [.. keywords], Kind = kind }],
            Answers = [kind == QuestionKind.Coding ? new InterviewAnswer { Ordinal = 1, Code = answer } : new InterviewAnswer { Ordinal = 1, Text = answer }],
        };
        var (result, _, _) = await EvaluateAsync(interview, ct);
        if (result?.Answers.SingleOrDefault() is { } scored) return (scored.Score, Name, scored.Rationale);
        var offline = OfflineEvaluator.Score(expectedAnswer, keywords, answer);
        return (offline.Score, OfflineEvaluator.Name, offline.Rationale);
    }

    private static AiEvaluation Validate(JsonElement json, Dictionary<int, QuestionKind> kinds)
    {
        var results = new List<AiAnswerScore>();
        foreach (var a in json.GetProperty("answers").EnumerateArray())
        {
            var ordinal = a.GetProperty("ordinal").GetInt32();
            if (!kinds.TryGetValue(ordinal, out var kind)) throw new AiValidationException($"answers[].ordinal {ordinal} is not one of the questions given ({string.Join(", ", kinds.Keys)})");
            if (results.Any(r => r.Ordinal == ordinal)) throw new AiValidationException($"ordinal {ordinal} is scored twice");
            var score = a.GetProperty("score").GetDouble();
            if (!double.IsFinite(score) || score is < 0 or > 10) throw new AiValidationException($"score of question {ordinal} must be between 0 and 10, got {score}");
            var coverage = a.GetProperty("rubric_coverage").GetDouble();
            if (!double.IsFinite(coverage) || coverage is < 0 or > 1) throw new AiValidationException($"rubric_coverage of question {ordinal} must be between 0 and 1, got {coverage}");
            var rationale = AiJson.Text(a, "rationale");
            if (rationale.Length == 0) throw new AiValidationException($"rationale of question {ordinal} is empty");
            CodeReview? code = null;
            if (kind == QuestionKind.Coding)
            {
                code = new CodeReview(AiJson.Text(a, "correctness"), AiJson.Text(a, "complexity", 500), AiJson.Text(a, "style", 500));
                if (code.Correctness.Length == 0 || code.Complexity.Length == 0) throw new AiValidationException($"coding question {ordinal} needs correctness and complexity");
            }
            results.Add(new AiAnswerScore(ordinal, Math.Round(score, 1), rationale, AiJson.Texts(a, "strengths"), AiJson.Texts(a, "gaps"), Math.Round(coverage, 2), code));
        }
        var missing = kinds.Keys.Except(results.Select(r => r.Ordinal)).ToList();
        if (missing.Count > 0) throw new AiValidationException($"questions {string.Join(", ", missing)} are not scored");
        return new AiEvaluation(results, AiJson.Text(json, "summary"));
    }
}

public sealed record AiEvaluation(IReadOnlyList<AiAnswerScore> Answers, string Summary);

public sealed record AiAnswerScore(int Ordinal, double Score, string Rationale, IReadOnlyList<string> Strengths, IReadOnlyList<string> Gaps,
    double RubricCoverage, CodeReview? Code);
