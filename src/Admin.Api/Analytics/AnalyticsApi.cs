using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Analytics;

/// <summary>
/// <c>GET /analytics/summary</c>: how a tenant's interviews went, optionally for one JD and a range of slots. Scoped by the
/// interview query filter like every other admin read, so a company user sees their company, a department user their
/// department, a super admin everyone; a JD the caller cannot see answers 404.
/// </summary>
public static class AnalyticsApi
{
    /// <summary>Score buckets of two points: 0–2, 2–4, 4–6, 6–8, 8–10 (the upper bound belongs to the next bucket, 10 to the last).</summary>
    private const int BucketWidth = 2;

    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/analytics").WithTags("Analytics").RequireAuthorization(AuthPolicies.Staff)
            .MapGet("/summary", SummaryAsync)
            .WithSummary("Counts by status, completion rate, score distribution and average time per question; filter by job_id and a from/to slot range");
        return app;
    }

    // Round trips: one per aggregate (statuses, current scores, answer timings), plus one to check a given JD: 3–4.
    private static async Task<IResult> SummaryAsync(PlatformDbContext db, [FromQuery(Name = "job_id")] int? jobId, DateTimeOffset? from, DateTimeOffset? to,
        CancellationToken ct)
    {
        if (from is not null && to is not null && from >= to) throw new RequestValidationException("to", "must be after from");
        if (jobId is not null && !await db.JobDescriptions.AnyAsync(j => j.Id == jobId, ct)) throw ApiException.NotFound("Job description");

        var interviews = db.Interviews.AsNoTracking();
        if (jobId is not null) interviews = interviews.Where(i => i.JobDescriptionId == jobId);
        if (from is not null) interviews = interviews.Where(i => i.ScheduledAt >= from.Value.ToUniversalTime());
        if (to is not null) interviews = interviews.Where(i => i.ScheduledAt < to.Value.ToUniversalTime());

        var counts = await interviews.GroupBy(i => i.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var byStatus = Enum.GetValues<InterviewStatus>().ToDictionary(WireEnum<InterviewStatus>.Name, s => counts.SingleOrDefault(c => c.Status == s)?.Count ?? 0);
        var completed = byStatus["completed"] + byStatus["evaluated"];
        var decided = completed + byStatus["expired"];

        // The current result of each interview is its newest run, with a recruiter's override taking the AI's place.
        var runs = db.EvaluationRuns.AsNoTracking();
        var current = await runs.Where(r => interviews.Any(i => i.Id == r.InterviewId) && !runs.Any(n => n.InterviewId == r.InterviewId && n.Id > r.Id))
            .Select(r => new { Score = r.OverrideScore ?? r.OverallScore, Recommendation = r.OverrideRecommendation ?? r.Recommendation })
            .ToListAsync(ct);

        var timings = await interviews.Where(i => i.StartedAt != null && i.Answers.Any(a => !a.Unanswered))
            .Select(i => new { Started = i.StartedAt!.Value, LastAnswer = i.Answers.Max(a => a.SubmittedAt), Answered = i.Answers.Count() })
            .ToListAsync(ct);
        var answered = timings.Sum(t => t.Answered);
        var seconds = timings.Sum(t => Math.Max(0, (t.LastAnswer - t.Started).TotalSeconds));

        var summary = new AnalyticsSummary(
            new SummaryFilters(jobId, from, to),
            byStatus.Values.Sum(),
            byStatus,
            decided == 0 ? null : Math.Round(completed / (double)decided, 4),
            new ScoreSummary(
                current.Count,
                current.Count == 0 ? null : Math.Round(current.Average(c => c.Score), 2),
                Enumerable.Range(0, 10 / BucketWidth).Select(b => new ScoreBucket(b * BucketWidth, (b + 1) * BucketWidth,
                    current.Count(c => Math.Min((int)(c.Score / BucketWidth), 10 / BucketWidth - 1) == b))).ToList(),
                Enum.GetValues<Recommendation>().ToDictionary(WireEnum<Recommendation>.Name, r => current.Count(c => c.Recommendation == r))),
            answered == 0 ? null : Math.Round(seconds / answered, 1),
            answered);
        return Envelope.Ok(summary, "Analytics retrieved");
    }
}

/// <param name="CompletionRate">Completed or evaluated, over those whose outcome is known (completed, evaluated, or expired as a
/// no-show); cancelled, scheduled and running interviews are left out. Null when none is known yet.</param>
/// <param name="AverageSecondsPerQuestion">From the session's start to the last stored answer, over the answers stored (skipped ones
/// included, since they took the candidate's time too).</param>
public sealed record AnalyticsSummary(SummaryFilters Filters, int Total, IReadOnlyDictionary<string, int> ByStatus, double? CompletionRate,
    ScoreSummary Scores, double? AverageSecondsPerQuestion, int AnsweredQuestions);

public sealed record SummaryFilters(int? JobId, DateTimeOffset? From, DateTimeOffset? To);

public sealed record ScoreSummary(int Evaluated, double? Average, IReadOnlyList<ScoreBucket> Distribution, IReadOnlyDictionary<string, int> ByRecommendation);

public sealed record ScoreBucket(int From, int To, int Count);
