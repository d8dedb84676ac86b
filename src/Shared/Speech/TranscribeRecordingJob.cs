using Hangfire;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Transcribes a stored recording whose live transcription failed, with the provider's pre-recorded API, and makes
/// the transcript the answer's text. Idempotent: only a recording still pending is written, answer and recording in
/// one transaction, so a retry or a second enqueue changes nothing.
/// </summary>
public sealed class TranscribeRecordingJob(PlatformDbContext db, ISpeechToText speech, TimeProvider clock, ILogger<TranscribeRecordingJob> log)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(Guid answerId, CancellationToken ct)
    {
        if (!speech.IsConfigured) return;
        var recording = await db.AnswerRecordings.AsNoTracking()
            .Where(r => r.AnswerId == answerId && r.TranscriptStatus == TranscriptStatus.Pending)
            .Select(r => new { r.Audio, r.ContentType, r.InterviewId, Language = db.Interviews.IgnoreQueryFilters().Where(i => i.Id == r.InterviewId).Select(i => i.Language).First() })
            .SingleOrDefaultAsync(ct);
        if (recording is null) return;

        var transcript = await speech.TranscribeAsync(recording.Audio, recording.ContentType, recording.Language, ct);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.AnswerRecordings.Where(r => r.AnswerId == answerId && r.TranscriptStatus == TranscriptStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.TranscriptStatus, TranscriptStatus.Transcribed)
                .SetProperty(r => r.TranscriptProvider, transcript.Provider).SetProperty(r => r.TranscriptModel, transcript.Model)
                .SetProperty(r => r.TranscriptConfidence, transcript.Confidence).SetProperty(r => r.TranscribedAt, now), ct);
        if (updated == 0) return; // another run got there first
        await db.InterviewAnswers.Where(a => a.AnswerId == answerId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Text, transcript.Text.Length == 0 ? null : transcript.Text), ct);
        await transaction.CommitAsync(ct);
        log.LogInformation("Answer {AnswerId} of interview {InterviewId} transcribed by {Provider} {Model} ({Confidence})", answerId,
            recording.InterviewId, transcript.Provider, transcript.Model, transcript.Confidence);
    }
}
