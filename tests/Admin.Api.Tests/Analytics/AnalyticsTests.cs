using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Admin.Api.Tests.Interviews;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Tests.Analytics;

/// <summary>
/// GET /analytics/summary on two seeded tenants: each sees its own numbers only, filters by JD and slot range narrow
/// them, and a JD of the other tenant is a 404. Interviews are scheduled through the API, then moved to their outcome
/// in the database (as the session engine and the jobs would).
/// </summary>
public sealed class AnalyticsTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    private static readonly DateTimeOffset _started = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private async Task<Guid> ScheduleAsync(TenantActor recruiter, int jobId, InterviewStatus status, DateTimeOffset slot, params int[] answerSeconds)
    {
        var id = (await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();
        await using var db = api.Database.CreateContext();
        db.InterviewAnswers.AddRange(answerSeconds.Select((s, n) => new InterviewAnswer
        {
            InterviewId = id,
            Ordinal = n + 1,
            AnswerId = Guid.NewGuid(),
            Text = "an answer",
            SubmittedAt = _started.AddSeconds(s),
        }));
        await db.SaveChangesAsync();
        // EvaluationEnqueuedAt keeps the host's sweeper from evaluating a "completed" interview behind the test's back.
        await db.Interviews.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, status).SetProperty(i => i.ScheduledAt, slot)
            .SetProperty(i => i.StartedAt, answerSeconds.Length > 0 ? _started : null).SetProperty(i => i.EvaluationEnqueuedAt, DateTimeOffset.UtcNow));
        return id;
    }

    private async Task RunAsync(Guid interviewId, int companyId, double score, Recommendation recommendation, double? overrideScore = null)
    {
        await using var db = api.Database.CreateContext();
        db.EvaluationRuns.Add(new EvaluationRun
        {
            InterviewId = interviewId,
            CompanyId = companyId,
            RunId = Guid.NewGuid(),
            Evaluator = OfflineEvaluator.Name,
            Provider = "offline",
            Model = OfflineEvaluator.Name,
            PromptVersion = "none",
            RubricVersion = OfflineEvaluator.RubricVersion,
            CreatedAt = DateTimeOffset.UtcNow,
            OverallScore = score,
            Recommendation = recommendation,
            Summary = "seeded",
            Answers = "[]",
            Integrity = "{}",
            OverrideScore = overrideScore,
            OverrideReason = overrideScore is null ? null : "panel disagreed",
            OverriddenAt = overrideScore is null ? null : DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private static async Task<JsonElement> SummaryAsync(HttpClient client, string query = "") =>
        (await (await client.GetAsync($"/analytics/summary{query}")).ReadEnvelopeAsync(200)).Result();

    private async Task<(TenantActor Recruiter, int Jd1, int Jd2)> SeedTenantAAsync()
    {
        var a = await api.DepartmentUserAsync();
        var jd1 = await SchedulingApi.CreateJdAsync(a.Client);
        var jd2 = await SchedulingApi.CreateJdAsync(a.Client);
        var november = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

        var rerun = await ScheduleAsync(a, jd1, InterviewStatus.Evaluated, november, 60, 150);            // 2 answers in 150 s
        await RunAsync(rerun, a.Company.Id, 8.5, Recommendation.StrongHire);
        await RunAsync(rerun, a.Company.Id, 3.0, Recommendation.NoHire);                                    // the newest run counts
        var overridden = await ScheduleAsync(a, jd1, InterviewStatus.Evaluated, november, 30, 90, 120);   // 3 answers in 120 s
        await RunAsync(overridden, a.Company.Id, 7.0, Recommendation.Hire, overrideScore: 9.5);              // the override counts
        await ScheduleAsync(a, jd1, InterviewStatus.Completed, november);
        await ScheduleAsync(a, jd1, InterviewStatus.Expired, november);
        await ScheduleAsync(a, jd1, InterviewStatus.Cancelled, november);
        await ScheduleAsync(a, jd1, InterviewStatus.Scheduled, november.AddDays(5));
        var december = await ScheduleAsync(a, jd2, InterviewStatus.Evaluated, new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));
        await RunAsync(december, a.Company.Id, 5.0, Recommendation.LeanNo);
        return (a, jd1, jd2);
    }

    [Fact]
    public async Task A_tenant_sees_counts_rates_scores_and_timing_of_its_own_interviews_only()
    {
        var (a, _, _) = await SeedTenantAAsync();
        var b = await api.DepartmentUserAsync();
        var bJob = await SchedulingApi.CreateJdAsync(b.Client);
        var bInterview = await ScheduleAsync(b, bJob, InterviewStatus.Evaluated, _started, 10);
        await RunAsync(bInterview, b.Company.Id, 1.0, Recommendation.NoHire);

        var summary = await SummaryAsync(a.Client);

        Assert.Equal(7, summary.GetProperty("total").GetInt32());
        var byStatus = summary.GetProperty("by_status");
        Assert.Equal((1, 0, 1, 3, 1, 1), (byStatus.GetProperty("scheduled").GetInt32(), byStatus.GetProperty("in_progress").GetInt32(),
            byStatus.GetProperty("completed").GetInt32(), byStatus.GetProperty("evaluated").GetInt32(), byStatus.GetProperty("cancelled").GetInt32(),
            byStatus.GetProperty("expired").GetInt32()));
        Assert.Equal(0.8, summary.GetProperty("completion_rate").GetDouble()); // 4 finished of 5 with a known outcome
        var scores = summary.GetProperty("scores");
        Assert.Equal(3, scores.GetProperty("evaluated").GetInt32());
        Assert.Equal(5.83, scores.GetProperty("average").GetDouble());      // 3.0 (re-run), 9.5 (override), 5.0
        Assert.Equal([0, 1, 1, 0, 1], scores.GetProperty("distribution").EnumerateArray().Select(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(0, scores.GetProperty("by_recommendation").GetProperty("strong_hire").GetInt32());
        Assert.Equal(1, scores.GetProperty("by_recommendation").GetProperty("no_hire").GetInt32());
        Assert.Equal(54.0, summary.GetProperty("average_seconds_per_question").GetDouble()); // (150 + 120) s / 5 answers
        Assert.Equal(5, summary.GetProperty("answered_questions").GetInt32());

        var other = await SummaryAsync(b.Client);
        Assert.Equal(1, other.GetProperty("total").GetInt32());
        Assert.Equal(1.0, other.GetProperty("scores").GetProperty("average").GetDouble());
    }

    [Fact]
    public async Task Filters_by_jd_and_slot_range_and_refuses_another_tenants_jd_and_an_empty_range()
    {
        var (a, jd1, jd2) = await SeedTenantAAsync();

        var first = await SummaryAsync(a.Client, $"?job_id={jd1}");
        Assert.Equal(6, first.GetProperty("total").GetInt32());
        Assert.Equal(0.75, first.GetProperty("completion_rate").GetDouble());
        Assert.Equal(6.25, first.GetProperty("scores").GetProperty("average").GetDouble());
        Assert.Equal(jd1, first.GetProperty("filters").GetProperty("job_id").GetInt32());

        var december = await SummaryAsync(a.Client, "?from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z");
        Assert.Equal(1, december.GetProperty("total").GetInt32());
        Assert.Equal(1, december.GetProperty("by_status").GetProperty("evaluated").GetInt32());
        Assert.Equal(JsonValueKind.Null, december.GetProperty("average_seconds_per_question").ValueKind);

        var none = await SummaryAsync(a.Client, $"?job_id={jd2}&to=2026-12-01T00:00:00Z");
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, none.GetProperty("completion_rate").ValueKind);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("scores").GetProperty("average").ValueKind);

        var b = await api.DepartmentUserAsync();
        var foreign = await (await b.Client.GetAsync($"/analytics/summary?job_id={jd1}")).ReadEnvelopeAsync(404);
        Assert.Equal("Job description not found", foreign.Message());
        await (await a.Client.GetAsync("/analytics/summary?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z")).ReadEnvelopeAsync(422);

        var everyone = await SummaryAsync(await api.LoginAsSuperAdminAsync(), $"?job_id={jd1}");
        Assert.Equal(6, everyone.GetProperty("total").GetInt32());
    }
}
