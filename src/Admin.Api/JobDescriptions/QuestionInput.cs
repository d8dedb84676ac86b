using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Web;

namespace InterviewPlatform.Admin.Api.JobDescriptions;

/// <summary>A question as a recruiter writes it; <c>kind</c> is verbal (default) or coding.</summary>
public sealed record QuestionInput(
    string? Text, string? ExpectedAnswer, List<string>? Keywords, string? Kind, int? TimeLimitSeconds, string? Language, string? StarterCode)
{
    public const int MaxQuestions = 50;

    public static List<JdQuestion> ToRows(IReadOnlyList<QuestionInput>? questions, List<FieldError> errors)
    {
        var rows = new List<JdQuestion>();
        if (questions is null) return rows;
        if (questions.Count > MaxQuestions) errors.Add(new FieldError("questions", $"at most {MaxQuestions} questions"));
        for (var i = 0; i < Math.Min(questions.Count, MaxQuestions); i++)
        {
            var q = questions[i];
            var field = $"questions[{i}]";
            if (string.IsNullOrWhiteSpace(q.Text) || q.Text.Length > 4000) errors.Add(new FieldError($"{field}.text", "is required, at most 4000 characters"));
            var kind = QuestionKind.Verbal;
            if (q.Kind is not null && !WireEnum<QuestionKind>.TryParse(q.Kind, out kind)) errors.Add(new FieldError($"{field}.kind", "must be verbal or coding"));
            var limit = q.TimeLimitSeconds ?? (kind == QuestionKind.Coding ? 900 : 180);
            if (limit is < 30 or > 3600) errors.Add(new FieldError($"{field}.time_limit_seconds", "must be between 30 and 3600"));
            if (kind == QuestionKind.Coding && string.IsNullOrWhiteSpace(q.Language)) errors.Add(new FieldError($"{field}.language", "is required for a coding question"));
            if (q.Keywords is { Count: > 30 }) errors.Add(new FieldError($"{field}.keywords", "at most 30 keywords"));
            rows.Add(new JdQuestion
            {
                Ordinal = i + 1,
                Text = q.Text?.Trim() ?? "",
                ExpectedAnswer = q.ExpectedAnswer?.Trim(),
                Keywords = q.Keywords?.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim().ToLowerInvariant()).Distinct().ToList() ?? [],
                Kind = kind,
                TimeLimitSeconds = limit,
                CodeLanguage = kind == QuestionKind.Coding ? q.Language?.Trim().ToLowerInvariant() : null,
                StarterCode = kind == QuestionKind.Coding ? q.StarterCode : null,
            });
        }
        return rows;
    }
}

public sealed record QuestionDto(int Ordinal, string Text, string? ExpectedAnswer, IReadOnlyList<string> Keywords, QuestionKind Kind,
    int TimeLimitSeconds, string? Language, string? StarterCode)
{
    public static QuestionDto From(int ordinal, IQuestion q) =>
        new(ordinal, q.Text, q.ExpectedAnswer, q.Keywords, q.Kind, q.TimeLimitSeconds, q.CodeLanguage, q.StarterCode);
}
