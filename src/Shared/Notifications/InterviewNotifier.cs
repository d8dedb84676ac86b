using System.Text.Json;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Email;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Shared.Notifications;

/// <summary>
/// Adds the outbox rows for an interview event to the caller's unit of work, so they commit (or not)
/// together with the change. Each row's dedupe key makes re-running a job harmless.
/// </summary>
public sealed class InterviewNotifier(PlatformDbContext db, JoinLinks links, TimeProvider clock)
{
    public async Task QueueAsync(Interview interview, EmailKind kind, CancellationToken ct, DateTimeOffset? previousSlot = null, string? dedupeSuffix = null)
    {
        var facts = await db.Interviews.IgnoreQueryFilters().Where(i => i.Id == interview.Id)
            .Select(i => new { JobTitle = i.JobDescription.Title, CompanyName = i.Company.Name }).SingleOrDefaultAsync(ct);
        var jobTitle = facts?.JobTitle ?? await db.JobDescriptions.IgnoreQueryFilters().Where(j => j.Id == interview.JobDescriptionId).Select(j => j.Title).SingleAsync(ct);
        var companyName = facts?.CompanyName ?? await db.Companies.IgnoreQueryFilters().Where(c => c.Id == interview.CompanyId).Select(c => c.Name).SingleAsync(ct);
        var recruiterEmail = interview.CreatedByUserId is { } userId
            ? await db.Users.IgnoreQueryFilters().Where(u => u.Id == userId && u.IsActive).Select(u => u.Email).SingleOrDefaultAsync(ct)
            : null;

        var joinUrl = kind == EmailKind.Cancelled ? null : links.For(interview);
        var model = new InterviewEmailModel(interview.Id, interview.Language, interview.FullName, interview.Email, jobTitle, companyName,
            interview.ScheduledAt, interview.TimeZone, interview.DurationMinutes, joinUrl, previousSlot, interview.CalendarSequence, null);

        var key = $"{WireEnum<EmailKind>.Name(kind)}:{interview.Id}:{interview.CalendarSequence}{dedupeSuffix}";
        Add(key, kind, interview.Id, interview.Email, toRecruiter: false, model);
        if (recruiterEmail is not null && kind is EmailKind.Invitation or EmailKind.Rescheduled or EmailKind.Cancelled && dedupeSuffix is null)
        {
            Add($"{key}:recruiter", kind, interview.Id, recruiterEmail, toRecruiter: true, model with { JoinUrl = null });
        }
    }

    private void Add(string dedupeKey, EmailKind kind, Guid interviewId, string recipient, bool toRecruiter, InterviewEmailModel model) =>
        db.OutboxEmails.Add(new OutboxEmail
        {
            DedupeKey = dedupeKey,
            InterviewId = interviewId,
            Kind = WireEnum<EmailKind>.Name(kind),
            Recipient = recipient,
            ToRecruiter = toRecruiter,
            Payload = JsonSerializer.Serialize(model, PlatformHosting.JsonOptions),
            MessageId = $"{Guid.NewGuid():N}@interview-platform",
            CreatedAt = clock.GetUtcNow(),
        });
}
