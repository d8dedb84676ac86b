using Hangfire;
using InterviewPlatform.Admin.Api.JobDescriptions;
using InterviewPlatform.Admin.Api.Uploads;
using InterviewPlatform.Shared.Ai;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.Shared.Email;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Notifications;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.Shared.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Admin.Api.Interviews;

/// <summary>Scheduling, rescheduling and cancelling: each change and the emails it causes commit together.</summary>
public sealed class InterviewScheduler(
    PlatformDbContext db,
    UploadStore uploads,
    TextExtractor extractor,
    QuestionBank bank,
    InterviewNotifier notifier,
    IBackgroundJobClient jobs,
    AiModel ai,
    IOptions<InterviewOptions> options,
    TimeProvider clock)
{
    public async Task<Interview> ScheduleAsync(MultipartForm form, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var request = ScheduleForm.Parse(form, options.Value, clock.GetUtcNow(), errors);
        if (!form.Files.TryGetValue("resume", out var resume)) errors.Add(new FieldError("resume", "a resume file is required"));

        var jd = request.JobId == 0 ? null
            : await db.JobDescriptions.Include(j => j.Questions).SingleOrDefaultAsync(j => j.Id == request.JobId && j.IsActive, ct);
        if (request.JobId != 0 && jd is null) errors.Add(new FieldError("job_id", "unknown or inactive job"));
        if (jd is not null && db.CurrentUser.Role == UserRole.SuperAdmin &&
            (request.CompanyId != jd.CompanyId || request.DepartmentId is { } d && d != jd.DepartmentId))
        {
            errors.Add(new FieldError("company_id", "a super admin names the job's company (and optionally department)"));
        }

        var id = Guid.NewGuid();
        var domain = request.Domain ?? jd?.Domain ?? "";
        var questions = jd is null ? [] : Questions(request.Mode, jd, domain, id, errors);
        if (errors.Count > 0) throw new RequestValidationException(errors);

        var now = clock.GetUtcNow();
        var interview = new Interview
        {
            Id = id,
            CompanyId = jd!.CompanyId,
            DepartmentId = jd.DepartmentId,
            JobDescriptionId = jd.Id,
            FullName = request.FullName,
            Age = request.Age,
            Sex = request.Sex,
            Phone = request.Phone,
            Email = request.Email,
            Domain = domain,
            Language = request.Language,
            Mode = request.Mode,
            ScheduledAt = request.ScheduledAt,
            TimeZone = request.TimeZone,
            DurationMinutes = request.DurationMinutes ?? DefaultDuration(questions),
            UserImage = request.UserImage,
            Resume = StoredFile.From(resume!, extractor.Extract(uploads.FullPath(resume!.StorageKey), resume.Kind, "resume")),
            InvitedAt = now,
            CreatedByUserId = db.CurrentUser.UserId,
            Questions = questions.Select((q, i) => new InterviewQuestion
            {
                Ordinal = i + 1,
                Text = q.Text,
                ExpectedAnswer = q.ExpectedAnswer,
                Keywords = [.. q.Keywords],
                Kind = q.Kind,
                TimeLimitSeconds = q.TimeLimitSeconds,
                CodeLanguage = q.CodeLanguage,
                StarterCode = q.StarterCode,
            }).ToList(),
        };
        db.Interviews.Add(interview);
        await notifier.QueueAsync(interview, EmailKind.Invitation, ct);
        await db.SaveChangesAsync(ct);
        DispatchQueuedEmails();
        // After the commit, so a job never looks for an interview that is not there yet.
        jobs.Enqueue<ResumeMatchJob>(j => j.RunAsync(id, CancellationToken.None));
        if (interview.Mode == InterviewMode.Dynamic && ai.Client is not null)
            jobs.Enqueue<GenerateQuestionsJob>(j => j.ForInterviewAsync(id, CancellationToken.None));
        // Spoken once into the clip cache now, so the candidate's first chunk comes from storage.
        if (interview.Questions.Count > 0) jobs.Enqueue<PrerenderQuestionAudioJob>(j => j.RunAsync(id, CancellationToken.None));
        return interview;
    }

    public async Task<Interview> RescheduleAsync(Guid id, DateTimeOffset slot, string? timeZone, int? durationMinutes, CancellationToken ct)
    {
        var interview = await FindScheduledAsync(id, ct);
        var errors = new List<FieldError>();
        if (slot < clock.GetUtcNow().AddMinutes(-1)) errors.Add(new FieldError("scheduled_at", "is in the past"));
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)) errors.Add(new FieldError("time_zone", "must be an IANA time zone"));
        if (durationMinutes is < 5 or > 240) errors.Add(new FieldError("duration_minutes", "must be between 5 and 240"));
        if (errors.Count > 0) throw new RequestValidationException(errors);

        var previous = interview.ScheduledAt;
        interview.ScheduledAt = slot.ToUniversalTime();
        interview.TimeZone = timeZone ?? interview.TimeZone;
        interview.DurationMinutes = durationMinutes ?? interview.DurationMinutes;
        interview.TokenVersion++;
        interview.CalendarSequence++;
        interview.InvitedAt = clock.GetUtcNow();
        await notifier.QueueAsync(interview, EmailKind.Rescheduled, ct, previousSlot: previous);
        await db.SaveChangesAsync(ct);
        DispatchQueuedEmails();
        return interview;
    }

    public async Task<Interview> CancelAsync(Guid id, string? reason, CancellationToken ct)
    {
        var interview = await FindScheduledAsync(id, ct);
        interview.Status = InterviewStatus.Cancelled;
        interview.CancelledAt = clock.GetUtcNow();
        interview.CancelReason = reason;
        interview.TokenVersion++;
        interview.CalendarSequence++;
        await notifier.QueueAsync(interview, EmailKind.Cancelled, ct);
        await db.SaveChangesAsync(ct);
        DispatchQueuedEmails();
        return interview;
    }

    public async Task<Interview> ResendInvitationAsync(Guid id, CancellationToken ct)
    {
        var interview = await FindScheduledAsync(id, ct);
        await notifier.QueueAsync(interview, EmailKind.Invitation, ct, dedupeSuffix: $":resend:{clock.GetUtcNow().ToUnixTimeMilliseconds()}");
        await db.SaveChangesAsync(ct);
        DispatchQueuedEmails();
        return interview;
    }

    private async Task<Interview> FindScheduledAsync(Guid id, CancellationToken ct)
    {
        var interview = await db.Interviews.SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw ApiException.NotFound("Interview");
        if (interview.Status != InterviewStatus.Scheduled)
        {
            throw ApiException.Conflict($"Interview is {WireEnum<InterviewStatus>.Name(interview.Status)}; only a scheduled interview can be changed");
        }
        return interview;
    }

    private IReadOnlyList<IQuestion> Questions(InterviewMode mode, JobDescription jd, string domain, Guid id, List<FieldError> errors)
    {
        var fromJd = jd.Questions.OrderBy(q => q.Ordinal).ToList<IQuestion>();
        if (mode == InterviewMode.Static)
        {
            if (fromJd.Count == 0) errors.Add(new FieldError("mode", "this job has no questions: add some or schedule in DYNAMIC mode"));
            return fromJd;
        }
        // DYNAMIC: the offline bank's questions now, so the interview can always start; with a model configured,
        // GenerateQuestionsJob rewrites them for this JD and resume before the candidate joins.
        var generated = bank.Pick(domain, id.GetHashCode());
        if (generated is not null) return generated;
        if (fromJd.Count == 0) errors.Add(new FieldError("domain", $"no question bank for '{domain}' and the job has no questions; known: {string.Join(", ", bank.Domains)}"));
        return fromJd;
    }

    private static int DefaultDuration(IReadOnlyList<IQuestion> questions) =>
        Math.Clamp((int)Math.Ceiling(questions.Sum(q => q.TimeLimitSeconds) / 60.0) + 5, 15, 240);

    /// <summary>Hands the committed outbox rows to Hangfire now; the recurring sweep catches any this misses.</summary>
    private void DispatchQueuedEmails()
    {
        foreach (var entry in db.ChangeTracker.Entries<OutboxEmail>().Where(e => e.Entity.Status == OutboxStatus.Pending).ToList())
        {
            var outboxId = entry.Entity.Id;
            jobs.Enqueue<OutboxDispatcher>(d => d.SendAsync(outboxId, CancellationToken.None));
            entry.State = EntityState.Detached;
        }
    }
}
