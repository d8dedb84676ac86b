using System.Text.Json;
using Hangfire;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>
/// Scores a completed interview. Until an AI evaluator is configured this is the offline rubric:
/// keyword coverage per answer, recorded as such in the result. Idempotent by interview: the
/// completed → evaluated UPDATE is conditional, so a retry or a second enqueue writes nothing twice.
/// </summary>
public sealed class EvaluateInterviewJob(PlatformDbContext db, TimeProvider clock, ILogger<EvaluateInterviewJob> log)
{
    public const string Evaluator = "offline-rubric";

    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(Guid interviewId, CancellationToken ct)
    {
        var interview = await db.Interviews.IgnoreQueryFilters().AsNoTracking().Include(i => i.Questions).Include(i => i.Answers)
            .SingleOrDefaultAsync(i => i.Id == interviewId, ct);
        if (interview is not { Status: InterviewStatus.Completed }) return;

        var questions = interview.Questions.OrderBy(q => q.Ordinal).Select(q =>
        {
            var answer = interview.Answers.SingleOrDefault(a => a.Ordinal == q.Ordinal);
            var response = $"{answer?.Text} {answer?.Code}".ToLowerInvariant();
            var covered = q.Keywords.Where(k => response.Contains(k, StringComparison.OrdinalIgnoreCase)).ToList();
            double score = answer is null || answer.Unanswered || string.IsNullOrWhiteSpace(response) ? 0
                : q.Keywords.Count == 0 ? 5 : Math.Round(10.0 * covered.Count / q.Keywords.Count, 1);
            return new QuestionScore(q.Ordinal, score, covered, q.Keywords.Except(covered).ToList(), answer is { Unanswered: false });
        }).ToList();

        var result = new EvaluationResult(Evaluator, Guid.NewGuid(), questions.Count == 0 ? 0 : Math.Round(questions.Average(q => q.Score), 1),
            questions, clock.GetUtcNow(), "Keyword coverage only: configure an AI evaluator for judged scores.");
        var json = JsonSerializer.Serialize(result, PlatformHosting.JsonOptions);
        var now = clock.GetUtcNow();
        var written = await db.Interviews.IgnoreQueryFilters().Where(i => i.Id == interviewId && i.Status == InterviewStatus.Completed)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.EvaluationResult, json).SetProperty(i => i.Status, InterviewStatus.Evaluated)
                .SetProperty(i => i.UpdatedAt, now), ct);
        if (written == 1) log.LogInformation("Interview {InterviewId} evaluated by {Evaluator}: {Score}/10", interviewId, Evaluator, result.OverallScore);
    }

    public sealed record EvaluationResult(string Evaluator, Guid RunId, double OverallScore, IReadOnlyList<QuestionScore> Questions,
        DateTimeOffset EvaluatedAt, string Note);

    public sealed record QuestionScore(int Ordinal, double Score, IReadOnlyList<string> KeywordsCovered, IReadOnlyList<string> KeywordsMissed, bool Answered);
}
