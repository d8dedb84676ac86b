using Hangfire;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Transcribes a stored recording whose live transcription failed, with the provider's pre-recorded API, and makes
/// the transcript the answer's text. Idempotent: only a recording still pending is written, answer and recording in
/// one transaction, so a retry or a second enqueue changes nothing. A recording the provider cannot decode (Whisper and
/// MP4, a damaged file) is left pending with a logged reason instead of failing the job into Hangfire's retries.
/// </summary>
public sealed class TranscribeRecordingJob(PlatformDbContext db, ISpeechToText speech, TimeProvider clock, ILogger<TranscribeRecordingJob> log)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(Guid answerId, CancellationToken ct)
    {
        if (!speech.IsConfigured) return;
        var recording = await db.AnswerRecordings.AsNoTracking()
            .Where(r => r.AnswerId == answerId && r.TranscriptStatus == TranscriptStatus.Pending && r.AudioPurgedAt == null)
            .Select(r => new { r.Audio, r.ContentType, r.InterviewId, Language = db.Interviews.IgnoreQueryFilters().Where(i => i.Id == r.InterviewId).Select(i => i.Language).First() })
            .SingleOrDefaultAsync(ct);
        if (recording is null) return;

        Transcript transcript;
        try
        {
            transcript = await speech.TranscribeAsync(recording.Audio, recording.ContentType, recording.Language, ct);
        }
        catch (Offline.AudioDecodeException ex)
        {
            // Retrying cannot decode it: the answer stays "transcript pending" with its audio, for the recruiter to play.
            log.LogWarning("Answer {AnswerId} of interview {InterviewId} stays transcript pending: {Reason}", answerId, recording.InterviewId, ex.Message);
            return;
        }
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
