using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>
/// Evaluates a completed interview into one <see cref="EvaluationRun"/> row per run id. Hangfire retries and a
/// double enqueue by the sweeper therefore write one row; a recruiter's re-run comes with a new run id and adds one.
/// The interview's v7 <c>evaluation_result</c> always carries the newest run.
/// </summary>
public sealed class EvaluateInterviewJob(PlatformDbContext db, AiAnswerEvaluator evaluator, TimeProvider clock, ILogger<EvaluateInterviewJob> log)
{
    public const string OfflinePromptVersion = "none";

    /// <summary>The evaluation enqueued at completion: its run id is derived from the interview, so it runs once.</summary>
    [AutomaticRetry(Attempts = 5)]
    public Task RunAsync(Guid interviewId, CancellationToken ct) => RunAsync(interviewId, CompletionRunId(interviewId), ct);

    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(Guid interviewId, Guid runId, CancellationToken ct)
    {
        if (await db.EvaluationRuns.IgnoreQueryFilters().AnyAsync(r => r.RunId == runId, ct)) return;
        var interview = await db.Interviews.IgnoreQueryFilters().AsNoTracking().AsSplitQuery().Include(i => i.Questions).Include(i => i.Answers)
            .SingleOrDefaultAsync(i => i.Id == interviewId, ct);
        if (interview is not { Status: InterviewStatus.Completed or InterviewStatus.Evaluated }) return;
        // A spoken answer's text is its transcript: scored the same way, and the result says so.
        var transcribed = await db.AnswerRecordings.AsNoTracking()
            .Where(r => r.InterviewId == interviewId && r.TranscriptStatus == Speech.TranscriptStatus.Transcribed).Select(r => r.Ordinal).ToListAsync(ct);

        var integrity = await IntegrityAsync(interviewId, ct);
        var now = clock.GetUtcNow();
        var (ai, tokens, failure) = await evaluator.EvaluateAsync(interview, ct);
        var answers = ai is null ? OfflineAnswers(interview, transcribed) : AiAnswers(interview, ai, transcribed);
        var overall = answers.Count == 0 ? 0 : Math.Round(answers.Average(a => a.Score), 1);
        var model = evaluator.Model;
        var run = new EvaluationRun
        {
            InterviewId = interviewId,
            CompanyId = interview.CompanyId,
            RunId = runId,
            Evaluator = ai is null ? OfflineEvaluator.ActiveName : AiAnswerEvaluator.Name,
            Provider = ai is null ? "offline" : model.ProviderName,
            Model = ai is null ? OfflineEvaluator.ActiveName : model.Model,
            PromptVersion = ai is null ? OfflinePromptVersion : AiAnswerEvaluator.PromptVersion,
            RubricVersion = ai is null ? OfflineEvaluator.RubricVersion : AiAnswerEvaluator.RubricVersion,
            CreatedAt = now,
            TokensUsed = (int)Math.Min(tokens, int.MaxValue),
            // Offline by configuration is not a fallback; a configured model that failed is, and the run says so.
            FallbackReason = model.Client is not null && ai is null ? Truncate(failure, 1000) : null,
            OverallScore = overall,
            Recommendation = RecommendationFor(overall),
            Summary = Summary(answers, integrity, ai, model.Client is not null ? failure : null),
            Answers = JsonSerializer.Serialize(answers, PlatformHosting.JsonOptions),
            Integrity = JsonSerializer.Serialize(integrity, PlatformHosting.JsonOptions),
        };
        db.EvaluationRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return; // the same run, committed by a retry that overlapped this one
        }

        // Only the newest run becomes the interview's current result, so a late retry of an old run cannot replace a re-run.
        var current = JsonSerializer.Serialize(EvaluationView.From(run), PlatformHosting.JsonOptions);
        await db.Interviews.IgnoreQueryFilters()
            .Where(i => i.Id == interviewId && (i.Status == InterviewStatus.Completed || i.Status == InterviewStatus.Evaluated)
                && !db.EvaluationRuns.IgnoreQueryFilters().Any(r => r.InterviewId == interviewId && r.Id > run.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.EvaluationResult, current).SetProperty(i => i.Status, InterviewStatus.Evaluated)
                .SetProperty(i => i.UpdatedAt, now), ct);
        log.LogInformation("Interview {InterviewId} evaluated by {Evaluator} via {Provider} (run {RunId}, {Tokens} tokens): {Score}/10", interviewId, run.Evaluator,
            run.Provider, runId, run.TokensUsed, overall);
    }

    public static Guid CompletionRunId(Guid interviewId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"evaluation:completion:{interviewId}")).AsSpan(0, 16));

    public static Recommendation RecommendationFor(double score) => score switch
    {
        >= 8 => Recommendation.StrongHire,
        >= 6.5 => Recommendation.Hire,
        >= 4.5 => Recommendation.LeanNo,
        _ => Recommendation.NoHire,
    };

    private async Task<IntegritySummary> IntegrityAsync(Guid interviewId, CancellationToken ct)
    {
        var events = await db.IntegrityEvents.AsNoTracking().Where(e => e.InterviewId == interviewId).Select(e => new { e.Kind, e.At }).ToListAsync(ct);
        return new IntegritySummary(events.Count, events.GroupBy(e => WireEnum<Sessions.IntegrityEventKind>.Name(e.Kind)).ToDictionary(g => g.Key, g => g.Count()),
            events.Count == 0 ? null : events.Min(e => e.At), events.Count == 0 ? null : events.Max(e => e.At));
    }

    private static List<AnswerResult> OfflineAnswers(Interview interview, List<int> transcribed) => interview.Questions.OrderBy(q => q.Ordinal).Select(q =>
    {
        var answer = Answered(interview, q.Ordinal);
        var scored = OfflineEvaluator.Score(q.ExpectedAnswer, q.Keywords, answer is null ? null : $"{answer.Text}\n{answer.Code}");
        return new AnswerResult(q.Ordinal, scored.Score, scored.Rationale, scored.Strengths, scored.Gaps, scored.Coverage, answer is not null,
            FromTranscript: answer is not null && transcribed.Contains(q.Ordinal), scored.Flags);
    }).ToList();

    private static List<AnswerResult> AiAnswers(Interview interview, AiEvaluation ai, List<int> transcribed) => interview.Questions.OrderBy(q => q.Ordinal).Select(q =>
        ai.Answers.SingleOrDefault(a => a.Ordinal == q.Ordinal) is { } a && Answered(interview, q.Ordinal) is not null
            ? new AnswerResult(q.Ordinal, a.Score, a.Rationale, a.Strengths, a.Gaps, a.RubricCoverage, Answered: true,
                FromTranscript: transcribed.Contains(q.Ordinal), [], a.Code)
            : new AnswerResult(q.Ordinal, 0, "Not answered.", [], [], 0, Answered: false, FromTranscript: false, [])).ToList();

    private static InterviewAnswer? Answered(Interview interview, int ordinal) =>
        interview.Answers.SingleOrDefault(a => a.Ordinal == ordinal) is { Unanswered: false } a && !string.IsNullOrWhiteSpace($"{a.Text}{a.Code}") ? a : null;

    private static string Summary(List<AnswerResult> answers, IntegritySummary integrity, AiEvaluation? ai, string? failure)
    {
        var answered = answers.Count(a => a.Answered);
        string text;
        if (ai is not null)
        {
            text = $"{ai.Summary} ({answered} of {answers.Count} questions answered.)";
        }
        else
        {
            var flagged = answers.Where(a => a.Flags.Count > 0).Select(a => $"Q{a.Ordinal}: {string.Join(", ", a.Flags)}").ToList();
            text = failure is null ? "" : $"The AI model could not evaluate this interview ({failure}); the offline evaluator did. ";
            text += $"Offline concept evaluation (no AI model): {answered} of {answers.Count} questions answered.";
            if (flagged.Count > 0) text += $" Flagged for review: {string.Join("; ", flagged)}.";
        }
        if (integrity.Events > 0) text += $" {integrity.Events} integrity events recorded (not part of the score).";
        return text;
    }

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } t && t.Length > max ? t[..max] : text;
}
