using Hangfire;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Documents;

/// <summary>
/// Deletes files in UPLOAD_DIR that no interview or job description references: left by a request that died between
/// storing its upload and committing its row, or by an older version that kept a repeated file field. Only files older
/// than <see cref="Grace"/> are considered, so an upload whose request is still running is never taken.
/// </summary>
public sealed class OrphanUploadSweep(PlatformDbContext db, UploadStore uploads, TimeProvider clock, ILogger<OrphanUploadSweep> log)
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);
    private const int Batch = 500;

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - Grace;
        var deleted = 0;
        foreach (var chunk in uploads.List().Where(f => f.WrittenAt < cutoff).Select(f => f.StorageKey).Chunk(Batch))
        {
            var referenced = await db.Interviews.IgnoreQueryFilters().Where(i => i.Resume != null && chunk.Contains(i.Resume.StorageKey))
                .Select(i => i.Resume!.StorageKey)
                .Concat(db.JobDescriptions.IgnoreQueryFilters().Where(j => j.File != null && chunk.Contains(j.File.StorageKey)).Select(j => j.File!.StorageKey))
                .ToListAsync(ct);
            foreach (var key in chunk.Except(referenced))
            {
                if (uploads.Delete(key)) deleted++;
            }
        }
        if (deleted > 0) log.LogInformation("Deleted {Count} upload(s) no row references", deleted);
        return deleted;
    }
}
