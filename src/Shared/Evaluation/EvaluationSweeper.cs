using Hangfire;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Speech;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InterviewPlatform.Shared.Evaluation;

/// <summary>
/// Hands completed interviews to the evaluation job. The live session only marks an interview completed (in
/// the same statement as its last answer); enqueuing here, on the host that runs the job server, keeps
/// Hangfire's synchronous calls off the candidate's path. A crash between enqueue and mark enqueues twice,
/// which the job's conditional completed → evaluated update makes harmless.
/// </summary>
/// <remarks>
/// A spoken answer whose transcript a provider is still producing (the live transcription failed and a job is on it)
/// would be scored as empty, so with a speech-to-text provider configured an interview waits for its transcripts, at
/// most <see cref="TranscriptWait"/> after completion. Without a provider nothing will transcribe them: it goes at once,
/// and the recruiter listens to those answers.
/// </remarks>
public sealed class EvaluationSweeper(IServiceScopeFactory scopes, IBackgroundJobClient jobs, TimeProvider clock, IConfiguration configuration,
    IOptions<SpeechToTextOptions> speechToText, ILogger<EvaluationSweeper> log) : BackgroundService
{
    private const int BatchSize = 200;
    public static readonly TimeSpan TranscriptWait = TimeSpan.FromMinutes(10);

    private readonly TimeSpan _every = TimeSpan.FromSeconds(configuration.GetValue("JOB_POLL_SECONDS", 2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await SweepAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Evaluation sweep failed ({Error}); retrying", ex.Message);
            }
        }
    }

    /// <summary>Enqueues up to <see cref="BatchSize"/> completed, not yet enqueued interviews; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var awaiting = db.Interviews.IgnoreQueryFilters().Where(i => i.Status == InterviewStatus.Completed && i.EvaluationEnqueuedAt == null);
        if (speechToText.Value.FirstProvider != SpeechToTextOptions.None)
        {
            var waitedLongEnough = clock.GetUtcNow() - TranscriptWait;
            awaiting = awaiting.Where(i => i.CompletedAt < waitedLongEnough ||
                !db.AnswerRecordings.Any(r => r.InterviewId == i.Id && r.TranscriptStatus == TranscriptStatus.Pending));
        }
        var ids = await awaiting.OrderBy(i => i.CompletedAt).Select(i => i.Id).Take(BatchSize).ToListAsync(ct);
        foreach (var id in ids) jobs.Enqueue<EvaluateInterviewJob>(j => j.RunAsync(id, CancellationToken.None));
        if (ids.Count == 0) return 0;
        var now = clock.GetUtcNow();
        await db.Interviews.IgnoreQueryFilters().Where(i => ids.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.EvaluationEnqueuedAt, now), ct);
        log.LogInformation("Enqueued the evaluation of {Count} completed interviews", ids.Count);
        return ids.Count;
    }
}
