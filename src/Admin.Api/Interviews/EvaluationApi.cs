using System.Text.Json;
using Hangfire;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Web;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Interviews;

/// <summary>
/// An interview's evaluation history, re-runs and the recruiter's override. Every route first reads the interview
/// through the tenant filter, so another tenant's interview answers 404 as GET /interview/{id} does.
/// </summary>
public static class EvaluationApi
{
    public static IEndpointRouteBuilder MapEvaluationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/interview/{id:guid}").WithTags("Evaluation").RequireAuthorization(AuthPolicies.Staff);
        group.MapPost("/evaluate", EvaluateAsync).WithSummary("Queues a new evaluation run; earlier runs are kept");
        group.MapGet("/evaluation", HistoryAsync).WithSummary("Every run, newest first, with provenance and any override");
        group.MapPost("/evaluation/override", OverrideAsync).WithSummary("A recruiter's score and/or recommendation beside the AI's; reason required; audited");
        return app;
    }

    private static async Task<IResult> EvaluateAsync(Guid id, PlatformDbContext db, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var interview = await FindAsync(db, id, ct);
        if (interview.Status is not (InterviewStatus.Completed or InterviewStatus.Evaluated))
            throw ApiException.Conflict($"Only a completed interview can be evaluated (this one is {WireEnum<InterviewStatus>.Name(interview.Status)})");
        var runId = Guid.NewGuid();
        jobs.Enqueue<EvaluateInterviewJob>(j => j.RunAsync(id, runId, CancellationToken.None));
        return Envelope.Ok(new QueuedRun(id, runId), "Evaluation queued");
    }

    private static async Task<IResult> HistoryAsync(Guid id, PlatformDbContext db, CancellationToken ct)
    {
        await FindAsync(db, id, ct);
        var runs = await db.EvaluationRuns.AsNoTracking().Where(r => r.InterviewId == id).OrderByDescending(r => r.Id).ToListAsync(ct);
        return Envelope.Ok(new EvaluationHistory(id, runs.FirstOrDefault()?.RunId, runs.Select(EvaluationView.From).ToList()), "Evaluation history retrieved");
    }

    private static async Task<IResult> OverrideAsync(Guid id, OverrideRequest request, PlatformDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (score, recommendation) = Validate(request);
        // The interview row is also written by the job host (the sweeper stamps it, a run mirrors its result into it):
        // a save that lost that race reads again and reapplies the recruiter's decision instead of sending them back.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var run = await ApplyOverrideAsync(id, request, score, recommendation, db, clock, ct);
                return Envelope.Ok(EvaluationView.From(run), "Evaluation overridden");
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<EvaluationRun> ApplyOverrideAsync(Guid id, OverrideRequest request, double? score, Recommendation? recommendation,
        PlatformDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var interview = await db.Interviews.SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw ApiException.NotFound("Interview");
        var runs = db.EvaluationRuns.Where(r => r.InterviewId == id);
        var newest = await runs.OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound("Evaluation");
        var run = request.RunId is { } runId ? await runs.SingleOrDefaultAsync(r => r.RunId == runId, ct) ?? throw ApiException.NotFound("Evaluation run") : newest;

        run.OverrideScore = score;
        run.OverrideRecommendation = recommendation;
        run.OverrideReason = request.Reason!.Trim();
        run.OverriddenByUserId = db.CurrentUser.UserId;
        run.OverriddenAt = clock.GetUtcNow();
        // v7's evaluation_result mirrors the newest run, override included, so the old front end shows it too.
        if (run == newest) interview.EvaluationResult = JsonSerializer.Serialize(EvaluationView.From(run), PlatformHosting.JsonOptions);
        await db.SaveChangesAsync(ct); // the audit interceptor records who changed what, in the same transaction
        return run;
    }

    private static (double? Score, Recommendation? Recommendation) Validate(OverrideRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Reason)) throw new RequestValidationException("reason", "is required");
        if (request.Reason.Length > 1000) throw new RequestValidationException("reason", "must be at most 1000 characters");
        if (request.Score is null && request.Recommendation is null) throw new RequestValidationException("score", "give a score, a recommendation or both");
        if (request.Score is < 0 or > 10) throw new RequestValidationException("score", "must be between 0 and 10");
        Recommendation? recommendation = null;
        if (request.Recommendation is not null)
        {
            if (!WireEnum<Recommendation>.TryParse(request.Recommendation, out var parsed))
                throw new RequestValidationException("recommendation", $"must be one of {string.Join(", ", WireEnum<Recommendation>.AllNames)}");
            recommendation = parsed;
        }
        return (request.Score, recommendation);
    }

    private static async Task<Interview> FindAsync(PlatformDbContext db, Guid id, CancellationToken ct) =>
        await db.Interviews.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw ApiException.NotFound("Interview");

    public sealed record OverrideRequest(Guid? RunId, double? Score, string? Recommendation, string? Reason);

    public sealed record QueuedRun(Guid InterviewId, Guid RunId);

    public sealed record EvaluationHistory(Guid InterviewId, Guid? CurrentRunId, IReadOnlyList<EvaluationView> Runs);
}
