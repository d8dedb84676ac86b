using System.Text.Json;
using Hangfire;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Email;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Notifications;

/// <summary>
/// Queues the recruiter's "evaluation ready" email in the same save, hence the same transaction, as the evaluation run it
/// announces: whichever evaluator or job inserts the run, the email exists exactly when the run does. Its dedupe key is the
/// run id, so one email per run however often the job is retried; a Hangfire retry that finds the run already stored inserts
/// neither. Sent in the recruiter's language (<c>users.language</c>, else DEFAULT_LANGUAGE).
/// </summary>
public sealed class EvaluationReadyInterceptor(IOptions<InterviewOptions> options, TimeProvider clock, IServiceProvider services) : SaveChangesInterceptor
{
    private List<OutboxEmail>? _queued;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not PlatformDbContext db) return result;
        var runs = db.ChangeTracker.Entries<EvaluationRun>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        foreach (var run in runs)
        {
            if (await RowForAsync(db, run, cancellationToken) is not { } row) continue;
            db.OutboxEmails.Add(row);
            (_queued ??= []).Add(row);
        }
        return result;
    }

    /// <summary>
    /// Hands the rows to the dispatcher once committed. Inside a transaction still open (the audit interceptor's second save,
    /// or a caller's own) the rows wait for the outer save, or for the outbox's minutely sweep.
    /// </summary>
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_queued is { } queued && eventData.Context?.Database.CurrentTransaction is null)
        {
            _queued = null;
            if (services.GetService<IBackgroundJobClient>() is { } jobs)
            {
                foreach (var id in queued.Select(r => r.Id)) jobs.Enqueue<OutboxDispatcher>(d => d.SendAsync(id, CancellationToken.None));
            }
        }
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _queued = null;
        return Task.CompletedTask;
    }

    // One round trip: the interview, its JD and company, and the recruiter who scheduled it.
    private async Task<OutboxEmail?> RowForAsync(PlatformDbContext db, EvaluationRun run, CancellationToken ct)
    {
        var facts = await db.Interviews.IgnoreQueryFilters().AsNoTracking().Where(i => i.Id == run.InterviewId).Select(i => new
        {
            i.FullName,
            i.Email,
            i.ScheduledAt,
            i.TimeZone,
            i.DurationMinutes,
            i.CalendarSequence,
            JobTitle = i.JobDescription.Title,
            CompanyName = i.Company.Name,
            Recruiter = db.Users.IgnoreQueryFilters().Where(u => u.Id == i.CreatedByUserId && u.IsActive).Select(u => new { u.Email, u.Language }).FirstOrDefault(),
        }).SingleOrDefaultAsync(ct);
        if (facts?.Recruiter is not { } recruiter) return null; // nobody to tell (imported interview, or the recruiter left)

        var settings = options.Value;
        var frontend = (string.IsNullOrWhiteSpace(settings.ProdUrl) ? settings.LocalFrontendUrl : settings.ProdUrl).TrimEnd('/');
        var evaluation = new EvaluationFacts(run.RunId, run.OverallScore, WireEnum<Recommendation>.Name(run.Recommendation), run.Evaluator,
            $"{frontend}/interviews/{run.InterviewId}/evaluation");
        var model = new InterviewEmailModel(run.InterviewId, recruiter.Language ?? settings.DefaultLanguage, facts.FullName, facts.Email, facts.JobTitle,
            facts.CompanyName, facts.ScheduledAt, facts.TimeZone, facts.DurationMinutes, null, null, facts.CalendarSequence, null, evaluation);
        return new OutboxEmail
        {
            DedupeKey = $"{WireEnum<EmailKind>.Name(EmailKind.EvaluationReady)}:{run.RunId}",
            InterviewId = run.InterviewId,
            Kind = WireEnum<EmailKind>.Name(EmailKind.EvaluationReady),
            Recipient = recruiter.Email,
            ToRecruiter = true,
            Payload = JsonSerializer.Serialize(model, PlatformHosting.JsonOptions),
            MessageId = $"{Guid.NewGuid():N}@interview-platform",
            CreatedAt = clock.GetUtcNow(),
        };
    }
}
