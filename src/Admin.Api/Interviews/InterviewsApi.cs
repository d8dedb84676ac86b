using InterviewPlatform.Admin.Api.Uploads;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Admin.Api.Interviews;

public static class InterviewsApi
{
    private static readonly HashSet<string> _fileFields = ["resume"];

    public static IEndpointRouteBuilder MapInterviewsApi(this IEndpointRouteBuilder app)
    {
        var v7 = app.MapGroup("/interview").WithTags("Interviews").RequireAuthorization(AuthPolicies.Staff);
        v7.MapPost("/schedule", ScheduleAsync).DisableAntiforgery().Accepts<MultipartBodies.Schedule>(MultipartBodies.ContentType)
            .WithSummary("v7 scheduling (multipart: full_name, age, sex, phone, email_id, job_id, domain, language_preference, mode, resume, user_image; plus scheduled_at, time_zone, duration_minutes)");
        v7.MapGet("/{id:guid}", GetAsync).WithSummary("v7's interview view, built from the question and answer rows");
        v7.MapPost("/{id:guid}/reschedule", async (Guid id, RescheduleRequest request, InterviewScheduler scheduler, JoinLinks links, CancellationToken ct) =>
                Envelope.Ok(Scheduled.From(await scheduler.RescheduleAsync(id, request.ScheduledAt, request.TimeZone, request.DurationMinutes, ct), links), "Interview rescheduled"))
            .WithSummary("New slot and a new invitation; the old join link stops working");
        v7.MapPost("/{id:guid}/cancel", async (Guid id, CancelRequest? request, InterviewScheduler scheduler, JoinLinks links, CancellationToken ct) =>
                Envelope.Ok(Scheduled.From(await scheduler.CancelAsync(id, request?.Reason, ct), links), "Interview cancelled"))
            .WithSummary("Cancels and tells the candidate (with a calendar cancellation)");
        v7.MapPost("/{id:guid}/resend-invitation", async (Guid id, InterviewScheduler scheduler, JoinLinks links, CancellationToken ct) =>
            Envelope.Ok(Scheduled.From(await scheduler.ResendInvitationAsync(id, ct), links), "Invitation sent again"));
        v7.MapGet("/{id:guid}/resume", ResumeAsync).WithSummary("The resume as uploaded, with its original name and type");
        v7.MapGet("/{id:guid}/answers/{ordinal:int}/audio", AnswerAudioAsync)
            .WithSummary("A spoken answer's recording, in its stored content type, with range requests (for an audio element's seeking); 410 once retention has purged it");

        app.MapGroup("/interviews").WithTags("Interviews").RequireAuthorization(AuthPolicies.Staff).MapGet("", ListAsync)
            .WithSummary("Interviews the caller can see; filter by status, job, date range, candidate name or email");
        app.MapGet("/sessions/live", LiveAsync).WithTags("Interviews").RequireAuthorization(AuthPolicies.Staff)
            .WithSummary("Sessions in progress in the caller's tenant, with progress (watch one live on /hubs/monitor)");
        return app;
    }

    private static async Task<IResult> ScheduleAsync(HttpRequest request, UploadStore uploads, InterviewScheduler scheduler, JoinLinks links, CancellationToken ct)
    {
        var form = await MultipartForm.ReadAsync(request, uploads, _fileFields, ct);
        try
        {
            var interview = await scheduler.ScheduleAsync(form, ct);
            return Envelope.Ok(Scheduled.From(interview, links), "Interview scheduled successfully");
        }
        catch
        {
            form.DeleteFiles(uploads); // whatever failed, the resume has no row to belong to
            throw;
        }
    }

    private static async Task<IResult> GetAsync(Guid id, InterviewReader reader, CancellationToken ct) =>
        Envelope.Ok(await reader.ReadAsync(id, ct) ?? throw ApiException.NotFound("Interview"), "Interview retrieved successfully");

    private static async Task<IResult> ListAsync(PlatformDbContext db, [AsParameters] PageRequest paging, string? status,
        [FromQuery(Name = "job_id")] int? jobId, DateTimeOffset? from, DateTimeOffset? to, [FromQuery(Name = "q")] string? search, CancellationToken ct)
    {
        var query = db.Interviews.AsNoTracking();
        if (status is not null)
        {
            if (!WireEnum<InterviewStatus>.TryParse(status, out var parsed))
                throw new RequestValidationException("status", $"must be one of {string.Join(", ", WireEnum<InterviewStatus>.AllNames)}");
            query = query.Where(i => i.Status == parsed);
        }
        if (jobId is not null) query = query.Where(i => i.JobDescriptionId == jobId);
        if (from is not null) query = query.Where(i => i.ScheduledAt >= from.Value.ToUniversalTime());
        if (to is not null) query = query.Where(i => i.ScheduledAt < to.Value.ToUniversalTime());
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{Like.Escape(search.Trim())}%";
            query = query.Where(i => EF.Functions.ILike(i.FullName, pattern) || EF.Functions.ILike(i.Email, pattern));
        }
        var page = await query.OrderByDescending(i => i.ScheduledAt)
            .Select(i => new InterviewSummary(i.Id, i.FullName, i.Email, i.JobDescriptionId, i.Status, i.ScheduledAt, i.TimeZone, i.Language, i.Mode, i.CompanyId, i.DepartmentId))
            .ToPageAsync(paging, ct);
        return Envelope.Ok(page, "Interviews retrieved");
    }

    private static async Task<IResult> ResumeAsync(Guid id, PlatformDbContext db, UploadStore uploads, CancellationToken ct)
    {
        var interview = await db.Interviews.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw ApiException.NotFound("Interview");
        if (interview.Resume is not { } resume || !File.Exists(uploads.FullPath(resume.StorageKey))) throw ApiException.NotFound("Resume");
        return TypedResults.Stream(uploads.OpenRead(resume.StorageKey), resume.ContentType, resume.FileName);
    }

    private static async Task<IResult> AnswerAudioAsync(Guid id, int ordinal, PlatformDbContext db, CancellationToken ct)
    {
        // The interview filter decides the tenant: another tenant's recording does not exist for the caller. One round trip.
        var recording = await db.AnswerRecordings.AsNoTracking()
            .Where(r => r.InterviewId == id && r.Ordinal == ordinal && db.Interviews.Any(i => i.Id == id))
            .Select(r => new { r.Audio, r.ContentType, r.AudioPurgedAt })
            .SingleOrDefaultAsync(ct) ?? throw ApiException.NotFound("Recording");
        // Gone, not "not found": the answer was spoken and its transcript stays, only the audio has passed its retention.
        if (recording.AudioPurgedAt is { } purgedAt)
        {
            throw new ApiException(StatusCodes.Status410Gone, "Recording purged after the retention period", new { audio_purged_at = purgedAt });
        }
        return TypedResults.File(recording.Audio, recording.ContentType, enableRangeProcessing: true);
    }

    private static async Task<IResult> LiveAsync(PlatformDbContext db, CancellationToken ct)
    {
        var live = await db.Interviews.AsNoTracking().Where(i => i.Status == InterviewStatus.InProgress).OrderBy(i => i.StartedAt)
            .Select(i => new LiveSession(i.Id, i.FullName, i.JobDescriptionId, i.StartedAt, i.Questions.Count, i.Answers.Count(a => !a.Unanswered),
                db.IntegrityEvents.Where(e => e.InterviewId == i.Id).OrderByDescending(e => e.At).Select(e => (DateTimeOffset?)e.At).FirstOrDefault()))
            .Take(500).ToListAsync(ct);
        return Envelope.Ok(live, "Live sessions retrieved");
    }

    public sealed record LiveSession(Guid UniqueId, string FullName, int JobId, DateTimeOffset? StartedAt, int QuestionCount, int Answered, DateTimeOffset? LastActivityAt);

    public sealed record RescheduleRequest(DateTimeOffset ScheduledAt, string? TimeZone, int? DurationMinutes);

    public sealed record CancelRequest(string? Reason);
}

/// <summary>v7's schedule result plus the slot and the candidate's join link (null once cancelled).</summary>
public sealed record Scheduled(Guid UniqueId, InterviewStatus InterviewStatus, DateTimeOffset ScheduledAt, string TimeZone, int DurationMinutes,
    int QuestionCount, string? JoinUrl)
{
    public static Scheduled From(Interview i, JoinLinks links) => new(i.Id, i.Status, i.ScheduledAt, i.TimeZone, i.DurationMinutes, i.Questions.Count,
        i.Status == InterviewStatus.Scheduled ? links.For(i) : null);
}

public sealed record InterviewSummary(Guid UniqueId, string FullName, string EmailId, int JobId, InterviewStatus Status, DateTimeOffset ScheduledAt,
    string TimeZone, string LanguagePreference, InterviewMode Mode, int CompanyId, int DepartmentId);
