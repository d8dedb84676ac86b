using Hangfire;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Jobs;

/// <summary>Marks interviews nobody joined as expired once their window (plus grace) has passed.</summary>
public sealed class NoShowExpiryJob(PlatformDbContext db, IOptions<InterviewOptions> options, TimeProvider clock, ILogger<NoShowExpiryJob> log)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.NoShowGraceMinutes;
        // A conditional UPDATE: an interview that was joined meanwhile is no longer 'scheduled' and stays untouched.
        var expired = await db.Interviews.Where(i => i.Status == InterviewStatus.Scheduled && i.ScheduledAt.AddMinutes(i.DurationMinutes + grace) < now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Expired).SetProperty(i => i.UpdatedAt, now), ct);
        if (expired > 0) log.LogInformation("Expired {Count} interview(s) with no show", expired);
    }
}
