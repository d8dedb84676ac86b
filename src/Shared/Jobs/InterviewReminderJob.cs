using Hangfire;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Email;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Jobs;

/// <summary>
/// Queues the 24 h and 1 h reminders that are due. Runs every minute; the outbox dedupe key (kind,
/// interview, calendar sequence) makes a re-run send nothing twice, and a reschedule (new sequence) or
/// cancellation (status) silently drops reminders for the old slot.
/// </summary>
public sealed class InterviewReminderJob(
    PlatformDbContext db, InterviewNotifier notifier, IBackgroundJobClient jobs, TimeProvider clock, ILogger<InterviewReminderJob> log)
{
    private static readonly (EmailKind Kind, int Minutes)[] _reminders = [(EmailKind.Reminder24h, 24 * 60), (EmailKind.Reminder1h, 60)];

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var (kind, minutes) in _reminders)
        {
            var due = await db.Interviews.Where(i => i.Status == InterviewStatus.Scheduled && i.ScheduledAt > now
                    && i.ScheduledAt.AddMinutes(-minutes) <= now && i.InvitedAt < i.ScheduledAt.AddMinutes(-minutes))
                .ToListAsync(ct);
            foreach (var interview in due)
            {
                var key = $"{WireEnum<EmailKind>.Name(kind)}:{interview.Id}:{interview.CalendarSequence}";
                if (await db.OutboxEmails.AnyAsync(o => o.DedupeKey == key, ct)) continue;

                await notifier.QueueAsync(interview, kind, ct);
                try
                {
                    await db.SaveChangesAsync(ct);
                    log.LogInformation("Queued {Kind} reminder for interview {InterviewId}", kind, interview.Id);
                }
                catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
                {
                    // Another node queued the same reminder a moment ago.
                    foreach (var entry in db.ChangeTracker.Entries<OutboxEmail>().Where(e => e.State == EntityState.Added).ToList()) entry.State = EntityState.Detached;
                }
            }
        }
        foreach (var id in db.ChangeTracker.Entries<OutboxEmail>().Select(e => e.Entity.Id).ToList())
        {
            jobs.Enqueue<OutboxDispatcher>(d => d.SendAsync(id, CancellationToken.None));
        }
    }
}
