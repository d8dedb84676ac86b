using System.Text.Json;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Jobs;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

/// <summary>
/// Spoken answers' audio leaves with the resumes once a finished interview passes UPLOAD_RETENTION_DAYS (365 here):
/// the transcript and where it came from stay, the audio route says the recording was purged, and an interview not
/// finished yet keeps its audio. Real PostgreSQL, the host on a clock the test moves.
/// </summary>
public sealed class RecordingRetentionTests(JobsTests.Api api) : IClassFixture<JobsTests.Api>
{
    private static readonly byte[] _audio = [0x1A, 0x45, 0xDF, 0xA3, .. Enumerable.Range(0, 4000).Select(i => (byte)i)];

    private async Task<(TenantActor Recruiter, Guid Finished, Guid Underway)> TwoSpokenInterviewsAsync()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var ids = new List<Guid>();
        for (var n = 0; n < 2; n++)
        {
            var form = SchedulingApi.ScheduleForm(jobId, language: "en", scheduledAt: api.Clock.GetUtcNow().AddDays(1).ToString("O"));
            ids.Add((await (await recruiter.Client.PostAsync("/interview/schedule", form)).ReadEnvelopeAsync(200)).Result().GetProperty("unique_id").GetGuid());
        }
        await using var db = api.Database.CreateContext();
        foreach (var id in ids)
        {
            var answerId = Guid.NewGuid();
            var now = api.Clock.GetUtcNow();
            db.InterviewAnswers.Add(new InterviewAnswer { InterviewId = id, Ordinal = 1, AnswerId = answerId, SubmittedAt = now, Text = "A lock around the interpreter" });
            db.AnswerRecordings.Add(new AnswerRecording
            {
                AnswerId = answerId,
                InterviewId = id,
                Ordinal = 1,
                ContentType = "audio/webm;codecs=opus",
                Audio = _audio,
                Length = _audio.Length,
                DurationMs = 3100,
                TranscriptStatus = TranscriptStatus.Transcribed,
                TranscriptProvider = "whisper",
                TranscriptModel = "ggml-base.bin",
                TranscriptConfidence = 0.87,
                TranscribedAt = now,
                RecordedAt = now,
            });
        }
        await db.SaveChangesAsync();
        await db.Interviews.Where(i => i.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed));
        // The other is under way (it has an answer): the host's recurring no-show run, on this test's clock, may pass
        // at any moment and must not make it 'expired', which would rightly let retention take its audio.
        await db.Interviews.Where(i => i.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.InProgress));
        return (recruiter, ids[0], ids[1]);
    }

    private async Task RunRetentionAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UploadRetentionJob>().RunAsync(default);
    }

    [Fact]
    public async Task A_finished_interviews_recordings_are_purged_after_retention_keeping_the_transcript_and_saying_so()
    {
        var (recruiter, finished, underway) = await TwoSpokenInterviewsAsync();

        api.Clock.Advance(TimeSpan.FromDays(300));
        await RunRetentionAsync(); // not yet
        using (var early = await recruiter.Client.GetAsync($"/interview/{finished}/answers/1/audio"))
        {
            Assert.Equal(_audio, await early.Content.ReadAsByteArrayAsync());
        }

        api.Clock.Advance(TimeSpan.FromDays(67));
        await RunRetentionAsync();
        await RunRetentionAsync(); // idempotent

        var gone = await (await recruiter.Client.GetAsync($"/interview/{finished}/answers/1/audio")).ReadEnvelopeAsync(410);
        Assert.Equal("Recording purged after the retention period", gone.Message());
        Assert.Equal(api.Clock.GetUtcNow(), gone.Result().GetProperty("audio_purged_at").GetDateTimeOffset(), TimeSpan.FromDays(1));

        var answer = (await (await recruiter.Client.GetAsync($"/interview/{finished}")).ReadEnvelopeAsync(200)).Result().GetProperty("interview_answers")[0];
        Assert.Equal("A lock around the interpreter", answer.GetProperty("answer").GetString());
        var recording = answer.GetProperty("recording");
        Assert.Equal(("transcribed", "whisper", "ggml-base.bin", 0.87), (recording.GetProperty("transcript_status").GetString(),
            recording.GetProperty("transcript_provider").GetString(), recording.GetProperty("transcript_model").GetString(),
            recording.GetProperty("transcript_confidence").GetDouble()));
        Assert.Equal(JsonValueKind.Null, recording.GetProperty("audio_url").ValueKind);
        Assert.Equal(JsonValueKind.String, recording.GetProperty("audio_purged_at").ValueKind);

        await using var db = api.Database.CreateContext();
        var rows = await db.AnswerRecordings.Where(r => r.InterviewId == finished || r.InterviewId == underway).ToDictionaryAsync(r => r.InterviewId);
        Assert.Empty(rows[finished].Audio);
        Assert.Equal(_audio.Length, rows[finished].Length); // what it was, for the recruiter's record
        // Not finished: its recording stays and plays.
        Assert.Equal(_audio, rows[underway].Audio);
        Assert.Null(rows[underway].AudioPurgedAt);
        using var kept = await recruiter.Client.GetAsync($"/interview/{underway}/answers/1/audio");
        Assert.Equal(_audio, await kept.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_purged_recording_is_never_handed_to_the_transcription_job()
    {
        var (_, finished, underway) = await TwoSpokenInterviewsAsync();
        await using (var db = api.Database.CreateContext())
        {
            await db.AnswerRecordings.Where(r => r.InterviewId == finished || r.InterviewId == underway)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.TranscriptStatus, TranscriptStatus.Pending));
        }
        api.Clock.Advance(TimeSpan.FromDays(367));
        await RunRetentionAsync();

        var sweeper = ActivatorUtilities.CreateInstance<TranscriptSweeper>(api.Services);
        await sweeper.SweepAsync(default);

        await using var check = api.Database.CreateContext();
        var rows = await check.AnswerRecordings.Where(r => r.InterviewId == finished || r.InterviewId == underway).ToDictionaryAsync(r => r.InterviewId);
        Assert.Null(rows[finished].TranscriptJobAt); // no audio left to transcribe
        Assert.NotNull(rows[finished].AudioPurgedAt);
        Assert.NotNull(rows[underway].TranscriptJobAt); // the one that kept its audio was handed over
    }
}
