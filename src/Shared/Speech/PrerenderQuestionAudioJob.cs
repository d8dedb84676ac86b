using Hangfire;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Speech;

/// <summary>
/// Speaks every question of an interview into the clip cache ahead of the session, so the candidate's first
/// chunk comes from storage. Idempotent: a clip already stored is not asked for again, and one being
/// synthesised by a live session meanwhile is joined, not repeated.
/// </summary>
public sealed class PrerenderQuestionAudioJob(PlatformDbContext db, ITextToSpeech speech, ILogger<PrerenderQuestionAudioJob> log)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid interviewId, CancellationToken ct)
    {
        if (speech.Format is null) return; // TTS_PROVIDER=none: nothing to render
        var interview = await db.Interviews.AsNoTracking()
            .Where(i => i.Id == interviewId)
            .Select(i => new { i.Language, Questions = i.Questions.OrderBy(q => q.Ordinal).Select(q => q.Text).ToList() })
            .SingleOrDefaultAsync(ct);
        if (interview is null)
        {
            log.LogInformation("Interview {InterviewId} is gone; no question audio to render", interviewId);
            return;
        }

        int rendered = 0, stored = 0, textOnly = 0;
        foreach (var text in interview.Questions)
        {
            await using var clip = await speech.SpeakAsync(text, interview.Language, ct);
            if (!clip.HasAudio) textOnly++;
            else if (clip.FromCache) stored++;
            else
            {
                await foreach (var _ in clip.ReadChunksAsync(ct)) { }
                rendered++;
            }
        }
        log.LogInformation("Question audio of interview {InterviewId}: {Rendered} rendered, {Stored} already stored, {TextOnly} text only",
            interviewId, rendered, stored, textOnly);
    }
}
