using Hangfire;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Jobs;

/// <summary>
/// Deletes what candidates uploaded to finished interviews whose slot is older than UPLOAD_RETENTION_DAYS: resume files,
/// and the audio of spoken answers (kept in answer_recordings, never in a folder: ADR 0010). The interview row stays,
/// and so does each answer's text (the transcript) and its recording's description, marked purged (ADR 0013).
/// </summary>
public sealed class UploadRetentionJob(PlatformDbContext db, UploadStore uploads, IOptions<UploadOptions> options, TimeProvider clock, ILogger<UploadRetentionJob> log)
{
    private const int RecordingBatch = 200;
    private static readonly InterviewStatus[] _finished = [InterviewStatus.Completed, InterviewStatus.Evaluated, InterviewStatus.Cancelled, InterviewStatus.Expired];

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-options.Value.RetentionDays);
        var old = await db.Interviews.Where(i => i.Resume != null && _finished.Contains(i.Status) && i.ScheduledAt < cutoff).Take(500).ToListAsync(ct);
        foreach (var interview in old)
        {
            uploads.Delete(interview.Resume!.StorageKey); // idempotent: a missing file is fine
            interview.Resume = null;
        }
        await db.SaveChangesAsync(ct);
        if (old.Count > 0) log.LogInformation("Purged {Count} resume(s) past retention", old.Count);

        // In batches: each statement rewrites a few MiB of audio at most, and a crash between batches loses nothing (rerun).
        var recordings = 0;
        int purged;
        do
        {
            var batch = db.AnswerRecordings.Where(r => r.AudioPurgedAt == null &&
                    db.Interviews.IgnoreQueryFilters().Any(i => i.Id == r.InterviewId && _finished.Contains(i.Status) && i.ScheduledAt < cutoff))
                .OrderBy(r => r.Id).Select(r => r.Id).Take(RecordingBatch);
            purged = await db.AnswerRecordings.Where(r => batch.Contains(r.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Audio, Array.Empty<byte>()).SetProperty(r => r.AudioPurgedAt, now), ct);
            recordings += purged;
        }
        while (purged == RecordingBatch);
        if (recordings > 0) log.LogInformation("Purged the audio of {Count} spoken answer(s) past retention", recordings);
    }
}
