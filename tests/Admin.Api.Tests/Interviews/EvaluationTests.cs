using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

public sealed class EvaluationTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    /// <summary>A scheduled interview whose candidate answered the GIL question and skipped the other, marked completed.</summary>
    /// <summary>Completed with two answers (and the <paramref name="integrity"/> events given), so the sweeper may evaluate it from here on.</summary>
    private async Task<Guid> CompletedInterviewAsync(TenantActor recruiter, params IntegrityEventKind[] integrity)
    {
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var id = (await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();
        await using var db = api.Database.CreateContext();
        db.InterviewAnswers.AddRange(
            new InterviewAnswer { InterviewId = id, Ordinal = 1, AnswerId = Guid.NewGuid(), Text = "A global lock so only one of the threads runs bytecode at a time", SubmittedAt = DateTimeOffset.UtcNow },
            new InterviewAnswer { InterviewId = id, Ordinal = 2, AnswerId = Guid.NewGuid(), Unanswered = true, SubmittedAt = DateTimeOffset.UtcNow });
        db.IntegrityEvents.AddRange(integrity.Select(kind => new IntegrityEvent { InterviewId = id, Kind = kind, At = DateTimeOffset.UtcNow }));
        await db.SaveChangesAsync();
        await db.Interviews.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed));
        return id;
    }

    private async Task EvaluateAsync(Guid id, Guid? runId = null)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<EvaluateInterviewJob>();
        await (runId is null ? job.RunAsync(id, default) : job.RunAsync(id, runId.Value, default));
    }

    [Fact]
    public async Task A_rerun_adds_a_run_with_provenance_and_becomes_current_while_the_first_is_kept()
    {
        var recruiter = await api.DepartmentUserAsync();
        var id = await CompletedInterviewAsync(recruiter);
        await EvaluateAsync(id);

        var queued = (await (await recruiter.Client.PostJsonAsync($"/interview/{id}/evaluate", new { })).ReadEnvelopeAsync(200)).Result();
        var rerun = queued.GetProperty("run_id").GetGuid();
        await EvaluateAsync(id, rerun);
        await EvaluateAsync(id, rerun); // a Hangfire retry of the same run

        var history = (await (await recruiter.Client.GetAsync($"/interview/{id}/evaluation")).ReadEnvelopeAsync(200)).Result();
        var runs = history.GetProperty("runs");
        Assert.Equal(2, runs.GetArrayLength());
        Assert.Equal(rerun, runs[0].GetProperty("run_id").GetGuid());
        Assert.Equal(EvaluateInterviewJob.CompletionRunId(id), runs[1].GetProperty("run_id").GetGuid());
        Assert.Equal(rerun, history.GetProperty("current_run_id").GetGuid());
        var newest = runs[0];
        Assert.Equal(OfflineEvaluator.Name, newest.GetProperty("evaluator").GetString());
        Assert.Equal("offline", newest.GetProperty("provider").GetString());
        Assert.Equal(OfflineEvaluator.RubricVersion, newest.GetProperty("rubric_version").GetString());
        Assert.Contains(newest.GetProperty("recommendation").GetString(), new[] { "strong_hire", "hire", "lean_no", "no_hire" });
        Assert.Equal(2, newest.GetProperty("answers").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("override").ValueKind);

        var interview = (await (await recruiter.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(200)).Result();
        Assert.Equal("evaluated", interview.GetProperty("status").GetString());
        Assert.Equal(rerun, interview.GetProperty("evaluation_result").GetProperty("run_id").GetGuid());
    }

    [Fact]
    public async Task The_same_run_started_twice_at_once_stores_one_row()
    {
        var recruiter = await api.DepartmentUserAsync();
        var id = await CompletedInterviewAsync(recruiter);
        var runId = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => EvaluateAsync(id, runId))));

        // The host's sweeper may add the completion run meanwhile; this run id must still be stored exactly once.
        await using var db = api.Database.CreateContext();
        Assert.Equal(1, await db.EvaluationRuns.CountAsync(r => r.RunId == runId));
        Assert.Equal(InterviewStatus.Evaluated, (await db.Interviews.SingleAsync(i => i.Id == id)).Status);
    }

    [Fact]
    public async Task An_override_needs_a_reason_is_audited_and_sits_beside_the_ai_result()
    {
        var recruiter = await api.DepartmentUserAsync();
        var id = await CompletedInterviewAsync(recruiter);
        await EvaluateAsync(id);

        var refused = await (await recruiter.Client.PostJsonAsync($"/interview/{id}/evaluation/override", new { score = 9 })).ReadEnvelopeAsync(422);
        Assert.Contains(refused.Result().EnumerateArray(), e => e.GetProperty("field").GetString() == "reason");
        await (await recruiter.Client.PostJsonAsync($"/interview/{id}/evaluation/override", new { recommendation = "maybe", reason = "x" })).ReadEnvelopeAsync(422);

        var overridden = (await (await recruiter.Client.PostJsonAsync($"/interview/{id}/evaluation/override",
            new { score = 9.5, recommendation = "hire", reason = "Strong live discussion the transcript misses" })).ReadEnvelopeAsync(200)).Result();
        var aiScore = overridden.GetProperty("overall_score").GetDouble();
        Assert.NotEqual(9.5, aiScore);
        Assert.Equal(9.5, overridden.GetProperty("override").GetProperty("score").GetDouble());
        Assert.Equal("hire", overridden.GetProperty("override").GetProperty("recommendation").GetString());
        Assert.Equal(recruiter.User.Id, overridden.GetProperty("override").GetProperty("by_user_id").GetInt32());

        var current = (await (await recruiter.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(200)).Result().GetProperty("evaluation_result");
        Assert.Equal(aiScore, current.GetProperty("overall_score").GetDouble());
        Assert.Equal(9.5, current.GetProperty("override").GetProperty("score").GetDouble());

        await using var db = api.Database.CreateContext();
        var runRowId = (await db.EvaluationRuns.SingleAsync(r => r.InterviewId == id)).Id.ToString();
        var audit = await db.AuditLogs.Where(a => a.Entity == "evaluation_runs" && a.EntityId == runRowId).ToListAsync();
        var change = Assert.Single(audit, a => a.ActorUserId == recruiter.User.Id);
        Assert.Contains("Strong live discussion", change.After);
    }

    [Fact]
    public async Task Integrity_events_are_summarised_beside_the_score_and_do_not_change_it()
    {
        var recruiter = await api.DepartmentUserAsync();
        var clean = await CompletedInterviewAsync(recruiter);
        // The events are in before the interview is completed: the job host's sweeper may evaluate it at any moment after.
        var watched = await CompletedInterviewAsync(recruiter, IntegrityEventKind.Paste, IntegrityEventKind.FocusLost, IntegrityEventKind.FocusLost);
        await EvaluateAsync(clean);
        await EvaluateAsync(watched);

        async Task<JsonElement> NewestAsync(Guid id) =>
            (await (await recruiter.Client.GetAsync($"/interview/{id}/evaluation")).ReadEnvelopeAsync(200)).Result().GetProperty("runs")[0];
        var (cleanRun, watchedRun) = (await NewestAsync(clean), await NewestAsync(watched));
        Assert.Equal(3, watchedRun.GetProperty("integrity").GetProperty("events").GetInt32());
        Assert.Equal(2, watchedRun.GetProperty("integrity").GetProperty("by_kind").GetProperty("focus_lost").GetInt32());
        Assert.Equal(0, cleanRun.GetProperty("integrity").GetProperty("events").GetInt32());
        Assert.Equal(cleanRun.GetProperty("overall_score").GetDouble(), watchedRun.GetProperty("overall_score").GetDouble());
        Assert.Contains("integrity events", watchedRun.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Another_tenant_gets_404_and_an_unfinished_interview_cannot_be_evaluated()
    {
        var owner = await api.DepartmentUserAsync();
        var stranger = await api.CompanyAdminAsync();
        var id = await CompletedInterviewAsync(owner);
        await EvaluateAsync(id);

        await (await stranger.Client.GetAsync($"/interview/{id}/evaluation")).ReadEnvelopeAsync(404);
        await (await stranger.Client.PostJsonAsync($"/interview/{id}/evaluate", new { })).ReadEnvelopeAsync(404);
        await (await stranger.Client.PostJsonAsync($"/interview/{id}/evaluation/override", new { score = 1, reason = "no" })).ReadEnvelopeAsync(404);

        var jobId = await SchedulingApi.CreateJdAsync(owner.Client);
        var scheduled = (await (await owner.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();
        await (await owner.Client.PostJsonAsync($"/interview/{scheduled}/evaluate", new { })).ReadEnvelopeAsync(409);
        await (await owner.Client.PostJsonAsync($"/interview/{scheduled}/evaluation/override", new { score = 5, reason = "early" })).ReadEnvelopeAsync(404);
    }
}
