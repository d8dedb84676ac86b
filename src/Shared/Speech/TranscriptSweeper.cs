using Hangfire;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Hands recordings left "transcript pending" (their live transcription failed) to <see cref="TranscribeRecordingJob"/>.
/// The live session only stores the recording; enqueuing here, on the host that runs the job server, keeps Hangfire's
/// synchronous calls off the candidate's path, as <see cref="Evaluation.EvaluationSweeper"/> does. A recording still
/// pending a while after its job was enqueued (the job failed for good, or a crash lost it) is handed over again.
/// Without a provider there is nothing to do: the recording waits for a human.
/// </summary>
public sealed class TranscriptSweeper(IServiceScopeFactory scopes, IBackgroundJobClient jobs, ISpeechToText speech, TimeProvider clock,
    IConfiguration configuration, ILogger<TranscriptSweeper> log) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan _retryAfter = TimeSpan.FromMinutes(30);

    private readonly TimeSpan _every = TimeSpan.FromSeconds(configuration.GetValue("JOB_POLL_SECONDS", 2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!speech.IsConfigured) return;
        using var timer = new PeriodicTimer(_every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Transcript sweep failed ({Error}); retrying", ex.Message);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = clock.GetUtcNow();
        var stale = now - _retryAfter;
        var due = db.AnswerRecordings.Where(r => r.TranscriptStatus == TranscriptStatus.Pending && r.AudioPurgedAt == null && (r.TranscriptJobAt == null || r.TranscriptJobAt < stale));
        var ids = await due.OrderBy(r => r.RecordedAt).Select(r => r.AnswerId).Take(BatchSize).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        foreach (var id in ids) jobs.Enqueue<TranscribeRecordingJob>(j => j.RunAsync(id, CancellationToken.None));
        await db.AnswerRecordings.Where(r => ids.Contains(r.AnswerId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.TranscriptJobAt, now), ct);
        log.LogInformation("Enqueued the transcription of {Count} recordings", ids.Count);
        return ids.Count;
    }
}
