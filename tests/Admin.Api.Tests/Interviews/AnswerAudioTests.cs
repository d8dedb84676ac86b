using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hangfire;
using InterviewPlatform.Admin.Api.Tests.Infrastructure;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.Admin.Api.Tests.Interviews;

/// <summary>
/// What a recruiter gets of spoken answers: the transcript's status and provenance in GET /interview/{id}, and the
/// recording itself (its stored type, range requests), never another tenant's. The rows are what the hub stores
/// (SessionServer.Tests' SpokenAnswerTests); scheduling pre-renders the questions' audio.
/// </summary>
public sealed class AnswerAudioTests(SchedulingApi api) : IClassFixture<SchedulingApi>
{
    private static readonly byte[] _recording = Encoding.ASCII.GetBytes("\u001aE\u00dfwebm-opus recording of a spoken answer");

    private async Task<(TenantActor Recruiter, Guid InterviewId)> SpokenInterviewAsync()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);
        var id = (await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId, language: "en"))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();
        await using var db = api.Database.CreateContext();
        var answerId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        db.InterviewAnswers.Add(new InterviewAnswer { InterviewId = id, Ordinal = 1, AnswerId = answerId, SubmittedAt = now });
        db.AnswerRecordings.Add(new AnswerRecording
        {
            AnswerId = answerId,
            InterviewId = id,
            Ordinal = 1,
            ContentType = "audio/webm;codecs=opus",
            Audio = _recording,
            Length = _recording.Length,
            DurationMs = 4200,
            TranscriptStatus = TranscriptStatus.Pending,
            RecordedAt = now,
        });
        await db.SaveChangesAsync();
        return (recruiter, id);
    }

    [Fact]
    public async Task A_pending_transcript_shows_in_the_interview_and_the_recording_plays_with_ranges()
    {
        var (recruiter, id) = await SpokenInterviewAsync();

        var interview = (await (await recruiter.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(200)).Result();
        var answer = interview.GetProperty("interview_answers")[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.GetProperty("answer").ValueKind);
        var recording = answer.GetProperty("recording");
        Assert.Equal("pending", recording.GetProperty("transcript_status").GetString());
        Assert.Equal("audio/webm;codecs=opus", recording.GetProperty("content_type").GetString());
        Assert.Equal(_recording.Length, recording.GetProperty("length").GetInt32());
        var audioUrl = recording.GetProperty("audio_url").GetString();
        Assert.Equal($"/interview/{id}/answers/1/audio", audioUrl);

        using var whole = await recruiter.Client.GetAsync(audioUrl);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("audio/webm; codecs=opus", whole.Content.Headers.ContentType!.ToString());
        Assert.Equal(_recording, await whole.Content.ReadAsByteArrayAsync());
        Assert.Contains("bytes", whole.Headers.AcceptRanges);

        using var request = new HttpRequestMessage(HttpMethod.Get, audioUrl);
        request.Headers.Range = new RangeHeaderValue(4, 9);
        using var part = await recruiter.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(_recording[4..10], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 4-9/{_recording.Length}", part.Content.Headers.ContentRange!.ToString());

        await (await recruiter.Client.GetAsync($"/interview/{id}/answers/2/audio")).ReadEnvelopeAsync(404);
    }

    [Fact]
    public async Task Another_tenant_cannot_fetch_the_recording()
    {
        var (_, id) = await SpokenInterviewAsync();
        var stranger = await api.DepartmentUserAsync(); // another company

        var envelope = await (await stranger.Client.GetAsync($"/interview/{id}/answers/1/audio")).ReadEnvelopeAsync(404);
        Assert.Equal("Recording not found", envelope.Message());
        await (await stranger.Client.GetAsync($"/interview/{id}")).ReadEnvelopeAsync(404);
    }

    [Fact]
    public async Task Scheduling_prerenders_the_questions_audio_into_the_clip_cache()
    {
        var recruiter = await api.DepartmentUserAsync();
        var jobId = await SchedulingApi.CreateJdAsync(recruiter.Client);

        var id = (await (await recruiter.Client.PostAsync("/interview/schedule", SchedulingApi.ScheduleForm(jobId, language: "de"))).ReadEnvelopeAsync(200))
            .Result().GetProperty("unique_id").GetGuid();

        // The job server ran the pre-render job for this interview...
        var monitoring = api.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!monitoring.SucceededJobs(0, 500).Any(j => j.Value.Job?.Type == typeof(PrerenderQuestionAudioJob) && j.Value.Job.Args.Contains(id)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no pre-render job succeeded for the interview");
            await Task.Delay(200);
        }
        // ...so both questions, in German, now stream from storage (espeak-ng here, installed by ./platform).
        var speech = api.Services.GetRequiredService<ITextToSpeech>();
        foreach (var question in new[] { "Explain Python's GIL.", "What is a generator?" })
        {
            await using var clip = await speech.SpeakAsync(question, "de");
            Assert.True(clip.HasAudio && clip.FromCache, $"'{question}' was not pre-rendered");
        }
    }

    [Fact]
    public async Task A_transcribed_spoken_answer_is_scored_on_its_transcript_and_the_evaluation_says_so()
    {
        var (recruiter, id) = await SpokenInterviewAsync();
        await using (var db = api.Database.CreateContext())
        {
            await db.AnswerRecordings.Where(r => r.InterviewId == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.TranscriptStatus, TranscriptStatus.Transcribed)
                .SetProperty(r => r.TranscriptProvider, "deepgram").SetProperty(r => r.TranscriptModel, "nova-3").SetProperty(r => r.TranscriptConfidence, 0.9));
            await db.InterviewAnswers.Where(a => a.InterviewId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Text, "The GIL is a lock that lets one thread run Python bytecode at a time"));
            db.InterviewAnswers.Add(new InterviewAnswer { InterviewId = id, Ordinal = 2, AnswerId = Guid.NewGuid(), Text = "A typed answer about yield", SubmittedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            await db.Interviews.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed));
        }
        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Shared.Evaluation.EvaluateInterviewJob>().RunAsync(id, default);
        }

        var run = (await (await recruiter.Client.GetAsync($"/interview/{id}/evaluation")).ReadEnvelopeAsync(200)).Result().GetProperty("runs")[0];
        var answers = run.GetProperty("answers");
        Assert.Equal((1, true, true), (answers[0].GetProperty("ordinal").GetInt32(), answers[0].GetProperty("answered").GetBoolean(), answers[0].GetProperty("from_transcript").GetBoolean()));
        Assert.Equal((2, false), (answers[1].GetProperty("ordinal").GetInt32(), answers[1].GetProperty("from_transcript").GetBoolean()));
    }
}
