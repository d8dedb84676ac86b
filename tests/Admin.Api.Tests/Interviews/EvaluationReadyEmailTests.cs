using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Notifications;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

/// <summary>
/// The recruiter's "evaluation ready" email: queued with the run it announces (same transaction), once per run however
/// often the job is retried, rendered in the recruiter's language, and delivered through the outbox to the pickup folder.
/// </summary>
public sealed class EvaluationReadyEmailTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    private async Task<(TenantActor Recruiter, Guid InterviewId)> CompletedInterviewAsync(string? recruiterLanguage)
    {
        var recruiter = await api.DepartmentUserAsync();
        await using var db = api.Database.CreateContext();
        await db.Users.IgnoreQueryFilters().Where(u => u.Id == recruiter.User.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, recruiterLanguage));
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var id = (await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId, language: "es"))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();
        db.InterviewAnswers.Add(new InterviewAnswer { InterviewId = id, Ordinal = 1, AnswerId = Guid.NewGuid(), Text = "A global lock so only one thread runs bytecode at a time", SubmittedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        // Marked as enqueued so that the host's sweeper leaves the completion run to the test.
        await db.Interviews.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed)
            .SetProperty(i => i.EvaluationEnqueuedAt, DateTimeOffset.UtcNow));
        return (recruiter, id);
    }

    private async Task EvaluateAsync(Guid id, Guid runId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EvaluateInterviewJob>().RunAsync(id, runId, default);
    }

    private async Task<List<OutboxEmail>> ReadyEmailsAsync(Guid id)
    {
        await using var db = api.Database.CreateContext();
        return await db.OutboxEmails.Where(o => o.InterviewId == id && o.Kind == "evaluation_ready").OrderBy(o => o.Id).ToListAsync();
    }

    [Fact]
    public async Task One_email_per_run_in_the_recruiters_language_however_often_the_job_runs()
    {
        var (recruiter, id) = await CompletedInterviewAsync("ja");
        var run = Guid.NewGuid();

        await EvaluateAsync(id, run);
        await EvaluateAsync(id, run); // Hangfire's retry of the same run
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => EvaluateAsync(id, run))));

        var row = Assert.Single(await ReadyEmailsAsync(id));
        Assert.Equal($"evaluation_ready:{run}", row.DedupeKey);
        Assert.Equal(recruiter.User.Email, row.Recipient);
        Assert.True(row.ToRecruiter);

        var mail = Assert.Single(await api.WaitForMailAsync($"/interviews/{id}/evaluation", 1));
        Assert.StartsWith("評価完了：Lucía Fernández", mail.Subject);
        Assert.Equal(recruiter.User.Email, mail.To.Mailboxes.Single().Address);
        Assert.Contains("スコア", mail.TextBody);
        Assert.Contains(OfflineEvaluator.Name, mail.TextBody);
        Assert.Contains("/ 10", mail.HtmlBody);
        await using (var db = api.Database.CreateContext())
        {
            Assert.Equal(OutboxStatus.Sent, (await db.OutboxEmails.SingleAsync(o => o.Id == row.Id)).Status);
        }

        // A recruiter's re-run is a new run: it gets its own email.
        var rerun = Guid.NewGuid();
        await EvaluateAsync(id, rerun);
        Assert.Equal([$"evaluation_ready:{run}", $"evaluation_ready:{rerun}"], (await ReadyEmailsAsync(id)).Select(o => o.DedupeKey));
        Assert.Equal(2, (await api.WaitForMailAsync($"/interviews/{id}/evaluation", 2)).Count);
    }

    [Fact]
    public async Task A_recruiter_without_a_language_gets_the_default_and_arabic_is_right_to_left()
    {
        var (_, english) = await CompletedInterviewAsync(null);
        var (_, arabic) = await CompletedInterviewAsync("ar");
        await EvaluateAsync(english, Guid.NewGuid());
        await EvaluateAsync(arabic, Guid.NewGuid());

        var en = Assert.Single(await api.WaitForMailAsync($"/interviews/{english}/evaluation", 1));
        Assert.StartsWith("Evaluation ready: Lucía Fernández", en.Subject);
        var ar = Assert.Single(await api.WaitForMailAsync($"/interviews/{arabic}/evaluation", 1));
        Assert.StartsWith("التقييم جاهز", ar.Subject);
        Assert.Contains("dir=\"rtl\"", ar.HtmlBody);
    }

    [Fact]
    public async Task The_company_admin_sets_a_recruiters_email_language_through_the_users_api()
    {
        var (recruiter, id) = await CompletedInterviewAsync(null);
        var admin = await api.LoginAsync((await api.CreateUserAsync(Shared.Auth.UserRole.CompanyUser, recruiter.Company.Id)).Email);

        var refused = await (await admin.PutJsonAsync($"/users/{recruiter.User.Id}", new { language = "tlh" })).ReadEnvelopeAsync(422);
        Assert.Contains("language", refused.GetRawText());
        var updated = (await (await admin.PutJsonAsync($"/users/{recruiter.User.Id}", new { language = "KO" })).ReadEnvelopeAsync(200)).Result();
        Assert.Equal("ko", updated.GetProperty("language").GetString());

        await EvaluateAsync(id, Guid.NewGuid());
        var mail = Assert.Single(await api.WaitForMailAsync($"/interviews/{id}/evaluation", 1));
        Assert.StartsWith("평가 완료", mail.Subject);
    }

    [Fact]
    public async Task A_run_that_fails_to_commit_leaves_no_email()
    {
        var (_, id) = await CompletedInterviewAsync("en");
        var run = Guid.NewGuid();
        await EvaluateAsync(id, run);

        // The same run id inserted again violates the unique index: the whole save, email included, is rolled back.
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Shared.Data.PlatformDbContext>();
        var copy = await db.EvaluationRuns.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.RunId == run);
        copy.Id = 0;
        db.EvaluationRuns.Add(copy);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Single(await ReadyEmailsAsync(id));
    }
}
