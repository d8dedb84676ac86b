using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Ai;

/// <summary>
/// Question generation in the background. A DYNAMIC interview is scheduled with questions from the offline bank, so it
/// can always start; this job then replaces them with questions written for the JD and the candidate's resume, only
/// while nobody has started it. A recruiter's "generate questions for this JD" appends the new questions to the JD.
/// </summary>
public sealed class GenerateQuestionsJob(PlatformDbContext db, QuestionGenerator generator, AiModel model, ILogger<GenerateQuestionsJob> log)
{
    public const int InterviewQuestions = 5;

    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task ForInterviewAsync(Guid interviewId, CancellationToken ct)
    {
        if (model.Client is null) return; // offline: the bank's questions chosen at scheduling stay
        var interview = await db.Interviews.IgnoreQueryFilters().AsNoTracking().Include(i => i.JobDescription)
            .SingleOrDefaultAsync(i => i.Id == interviewId && i.Mode == InterviewMode.Dynamic && i.Status == InterviewStatus.Scheduled
                && i.StartedAt == null && i.QuestionsGeneratedBy == null, ct);
        if (interview is null) return;
        var generated = await generator.GenerateAsync(new QuestionRequest(interview.JobDescription.Title, interview.JobDescription.Description ?? interview.JobDescription.File?.Text, interview.Domain,
            "mixed", interview.Language, interview.Resume?.Text, InterviewQuestions, CodingCount: 1, interviewId.GetHashCode()), ct);
        if (generated.Generator != QuestionGenerator.AiName)
        {
            log.LogWarning("Interview {InterviewId} keeps its question-bank questions: {Reason}", interviewId, generated.FallbackReason);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The row lock this takes makes a candidate's join wait until the new questions are committed, or win before it.
        var claimed = await db.Interviews.IgnoreQueryFilters()
            .Where(i => i.Id == interviewId && i.Status == InterviewStatus.Scheduled && i.StartedAt == null && i.QuestionsGeneratedBy == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.QuestionsGeneratedBy, $"{generated.Provider}/{generated.Model}"), ct);
        if (claimed == 0) return;
        await db.InterviewQuestions.IgnoreQueryFilters().Where(q => q.InterviewId == interviewId).ExecuteDeleteAsync(ct);
        db.InterviewQuestions.AddRange(generated.Questions.Select((q, i) => Copy(q, new InterviewQuestion { InterviewId = interviewId, Ordinal = i + 1, Text = q.Text })));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        log.LogInformation("Interview {InterviewId}: {Count} questions written by {Provider} ({Tokens} tokens)", interviewId, generated.Questions.Count,
            generated.Provider, generated.TokensUsed);
    }

    /// <summary>
    /// Appends generated questions to a JD, once per <paramref name="requestId"/>: a retry of a run that had committed (the
    /// worker died before Hangfire recorded success) finds its questions and adds none. Two runs at once cannot both add:
    /// the second collides on (JD, ordinal) and its retry finds the first's questions.
    /// </summary>
    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task ForJobDescriptionAsync(int jobDescriptionId, int count, int codingCount, string difficulty, string language, Guid requestId, CancellationToken ct)
    {
        var jd = await db.JobDescriptions.IgnoreQueryFilters().Include(j => j.Questions).SingleOrDefaultAsync(j => j.Id == jobDescriptionId && j.IsActive, ct);
        if (jd is null || jd.Questions.Any(q => q.GenerationRequestId == requestId)) return;
        var generated = await generator.GenerateAsync(new QuestionRequest(jd.Title, jd.Description ?? jd.File?.Text, jd.Domain, difficulty, language, null, count, codingCount,
            requestId.GetHashCode()), ct);
        var next = jd.Questions.Count == 0 ? 1 : jd.Questions.Max(q => q.Ordinal) + 1;
        jd.Questions.AddRange(generated.Questions.Select((q, i) => Copy(q, new JdQuestion { Ordinal = next + i, Text = q.Text, GenerationRequestId = requestId })));
        await db.SaveChangesAsync(ct);
        log.LogInformation("JD {JobDescriptionId} (request {RequestId}): {Count} questions added by {Generator} via {Provider}{Fallback}", jobDescriptionId, requestId,
            generated.Questions.Count, generated.Generator, generated.Provider, generated.FallbackReason is null ? "" : $" (fallback: {generated.FallbackReason})");
    }

    private static T Copy<T>(BankQuestion from, T to) where T : class
    {
        switch (to)
        {
            case InterviewQuestion q:
                (q.ExpectedAnswer, q.Keywords, q.Kind, q.TimeLimitSeconds, q.CodeLanguage, q.StarterCode) =
                    (from.ExpectedAnswer, [.. from.Keywords], from.Kind, from.TimeLimitSeconds, from.Language, from.StarterCode);
                break;
            case JdQuestion q:
                (q.ExpectedAnswer, q.Keywords, q.Kind, q.TimeLimitSeconds, q.CodeLanguage, q.StarterCode) =
                    (from.ExpectedAnswer, [.. from.Keywords], from.Kind, from.TimeLimitSeconds, from.Language, from.StarterCode);
                break;
        }
        return to;
    }
}
