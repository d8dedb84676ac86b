using Hangfire;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Documents;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Jobs;

/// <summary>Deletes resumes of finished interviews older than UPLOAD_RETENTION_DAYS; the interview row stays.</summary>
public sealed class UploadRetentionJob(PlatformDbContext db, UploadStore uploads, IOptions<UploadOptions> options, TimeProvider clock, ILogger<UploadRetentionJob> log)
{
    private static readonly InterviewStatus[] _finished = [InterviewStatus.Completed, InterviewStatus.Evaluated, InterviewStatus.Cancelled, InterviewStatus.Expired];

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var old = await db.Interviews.Where(i => i.Resume != null && _finished.Contains(i.Status) && i.ScheduledAt < cutoff).Take(500).ToListAsync(ct);
        foreach (var interview in old)
        {
            uploads.Delete(interview.Resume!.StorageKey); // idempotent: a missing file is fine
            interview.Resume = null;
        }
        await db.SaveChangesAsync(ct);
        if (old.Count > 0) log.LogInformation("Purged {Count} resume(s) past retention", old.Count);
    }
}
