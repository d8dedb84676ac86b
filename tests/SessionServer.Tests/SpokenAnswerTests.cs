using System.Text;
using System.Threading.Channels;
using InterviewPlatform.SessionServer.Monitoring;
using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Evaluation;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>Answers spoken over the hub, heard through the loopback Deepgram (live and pre-recorded) or by no provider at all.</summary>
public sealed class SpokenAnswerTests(SpokenNodes nodes) : IClassFixture<SpokenNodes>
{
    private const string WebmOpus = "audio/webm;codecs=opus";

    [Fact]
    public async Task A_spoken_answer_is_captioned_live_to_candidate_and_watcher_stored_with_its_transcript_and_a_retry_stores_it_once()
    {
        var interview = await nodes.NodeA.ScheduleAsync(questions: 2);
        var (_, recruiterToken) = await nodes.NodeB.StaffTokenAsync(UserRole.CompanyUser, interview.CompanyId);
        var watched = Channel.CreateUnbounded<MonitorCaption>();
        await using var monitor = nodes.NodeB.Hub("/hubs/monitor", recruiterToken);
        monitor.On<MonitorCaption>("LiveTranscript", c => watched.Writer.TryWrite(c));
        await monitor.StartAsync();
        await monitor.InvokeAsync<WatchSnapshot>("Watch", interview.Id);

        var candidate = await nodes.CandidateAsync(nodes.NodeA, interview);
        await candidate.JoinAsync();
        var answerId = Guid.NewGuid();
        string[] slices = ["binary search halves", "the interval at each step"];
        var outcome = await candidate.SubmitSpokenAsync(1, SpokenAudioStream.Words(slices), answerId);

        Assert.Equal(answerId, outcome.Accepted.AnswerId);
        Assert.Equal(2, outcome.State.Current!.Ordinal);
        Assert.Equal([1], outcome.State.AnsweredOrdinals);

        // The candidate saw each segment while speaking: interim first, then final.
        var captions = new List<(int Ordinal, string Text, bool IsFinal)>();
        while (candidate.Captions.Reader.TryRead(out var caption)) captions.Add(caption);
        Assert.Equal([(1, "binary sea", false), (1, "binary search halves", true), (1, "the interval", false), (1, "the interval at each step", true)], captions);

        // A recruiter watching on another node sees the same captions.
        var seen = new List<(int, string, bool)>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (seen.Count < captions.Count)
            {
                var c = await watched.Reader.ReadAsync(timeout.Token);
                Assert.Equal(interview.Id, c.InterviewId);
                seen.Add((c.Ordinal, c.Text, c.IsFinal));
            }
        }
        Assert.Equal(captions.Select(c => (c.Ordinal, c.Text, c.IsFinal)), seen);

        // Deepgram was asked for the interview's language with interim results, the container left to it, and told the stream ended.
        Assert.NotEmpty(nodes.Deepgram.LiveRequests);
        Assert.All(nodes.Deepgram.LiveRequests, live =>
        {
            Assert.Equal(("en", "true", "nova-3"), (live["language"].ToString(), live["interim_results"].ToString(), live["model"].ToString()));
            Assert.False(live.ContainsKey("encoding"));
            Assert.False(live.ContainsKey("sample_rate"));
        });
        Assert.Contains("CloseStream", nodes.Deepgram.ControlMessages);

        await AssertStoredOnceAsync(interview.Id, answerId, "binary search halves the interval at each step", slices);

        // The connection drops; the page retries the same answer from another node: the same ack, still one copy.
        await candidate.DisposeAsync();
        await using var again = await nodes.CandidateAsync(nodes.NodeB, interview, device: "laptop");
        var state = await again.JoinAsync();
        Assert.Equal(2, state.Current!.Ordinal);
        var retried = await again.SubmitSpokenAsync(1, SpokenAudioStream.Words(slices), answerId);
        Assert.Equal(outcome.Accepted, retried.Accepted);
        await AssertStoredOnceAsync(interview.Id, answerId, "binary search halves the interval at each step", slices);
    }

    [Fact]
    public async Task Recordings_over_a_cap_of_an_unknown_type_or_for_another_question_are_refused_and_nothing_is_stored()
    {
        var interview = await nodes.NodeA.ScheduleAsync(questions: 2);
        await using var candidate = await nodes.CandidateAsync(nodes.NodeA, interview);
        await candidate.JoinAsync();

        var tooLong = Enumerable.Range(0, 5).Select(_ => new byte[SpokenNodes.MaxChunkBytes]).ToList(); // 20 KiB > 16 KiB
        Assert.Equal(RefusalCodes.AnswerTooLarge, await Refusal.CodeAsync(() => candidate.SubmitSpokenAsync(1, SpokenAudioStream.Of(tooLong))));
        var bigChunk = new List<byte[]> { new byte[SpokenNodes.MaxChunkBytes + 1] };
        Assert.Equal(RefusalCodes.AnswerTooLarge, await Refusal.CodeAsync(() => candidate.SubmitSpokenAsync(1, SpokenAudioStream.Of(bigChunk))));
        Assert.Equal(RefusalCodes.UnsupportedAudio,
            await Refusal.CodeAsync(() => candidate.SubmitSpokenAsync(1, SpokenAudioStream.Words("hello"), mimeType: "video/x-matroska")));
        Assert.Equal(RefusalCodes.EmptyAnswer, await Refusal.CodeAsync(() => candidate.SubmitSpokenAsync(1, SpokenAudioStream.Of([]))));
        Assert.Equal(RefusalCodes.WrongOrdinal, await Refusal.CodeAsync(() => candidate.SubmitSpokenAsync(2, SpokenAudioStream.Words("too soon"))));

        await using (var db = nodes.Database.CreateContext())
        {
            Assert.Equal(0, await db.AnswerRecordings.CountAsync(r => r.InterviewId == interview.Id));
            Assert.Equal(0, await db.InterviewAnswers.CountAsync(a => a.InterviewId == interview.Id));
        }

        // Nothing was half-stored: the question still takes its answer, and then refuses another.
        var accepted = await candidate.SubmitSpokenAsync(1, SpokenAudioStream.Words("a shorter answer"));
        Assert.Equal(1, accepted.Accepted.Ordinal);
        Assert.Equal(RefusalCodes.AlreadyAnswered, await Refusal.CodeAsync(() => candidate.SubmitSpokenAsync(1, SpokenAudioStream.Words("again"))));
    }

    [Fact]
    public async Task When_the_live_connection_fails_the_recording_is_kept_and_the_job_transcribes_it_once()
    {
        var interview = await nodes.NodeA.ScheduleAsync(questions: 1);
        await using var candidate = await nodes.CandidateAsync(nodes.NodeA, interview);
        await candidate.JoinAsync();
        var answerId = Guid.NewGuid();
        nodes.Deepgram.LiveDown = true;
        try
        {
            var outcome = await candidate.SubmitSpokenAsync(1, SpokenAudioStream.Words("a hash map trades memory", "for constant time lookups"), answerId);
            Assert.Null(outcome.State.Current); // the last question: the interview completed with it
        }
        finally
        {
            nodes.Deepgram.LiveDown = false;
        }
        Assert.False(candidate.Captions.Reader.TryRead(out _));
        await using (var db = nodes.Database.CreateContext())
        {
            var pending = await db.AnswerRecordings.AsNoTracking().SingleAsync(r => r.AnswerId == answerId);
            Assert.Equal(TranscriptStatus.Pending, pending.TranscriptStatus);
            Assert.Null((await db.InterviewAnswers.SingleAsync(a => a.AnswerId == answerId)).Text);
        }
        // Evaluation waits for the transcript rather than score the answer as empty.
        var evaluations = ActivatorUtilities.CreateInstance<EvaluationSweeper>(nodes.NodeA.Services);
        await evaluations.SweepAsync(CancellationToken.None);
        Assert.Null(await EvaluationEnqueuedAtAsync(interview.Id));

        // The job server's sweeper hands it to the job; the job asks Deepgram's pre-recorded API.
        var sweeper = ActivatorUtilities.CreateInstance<TranscriptSweeper>(nodes.NodeA.Services);
        Assert.InRange(await sweeper.SweepAsync(CancellationToken.None), 1, 3); // other tests' pending recordings (same database) may go too
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        await using (var db = nodes.Database.CreateContext())
        {
            Assert.NotNull((await db.AnswerRecordings.AsNoTracking().SingleAsync(r => r.AnswerId == answerId)).TranscriptJobAt);
        }
        for (var run = 0; run < 2; run++)
        {
            await using var scope = nodes.NodeA.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TranscribeRecordingJob>().RunAsync(answerId, CancellationToken.None);
        }

        var request = Assert.Single(nodes.Deepgram.PrerecordedRequests, r => r.Bytes == "a hash map trades memoryfor constant time lookups".Length);
        Assert.Equal(WebmOpus, request.ContentType?.Replace(" ", "", StringComparison.Ordinal)); // the recording's own type, as stored
        Assert.Equal("en", request.Query["language"]);
        await using (var db = nodes.Database.CreateContext())
        {
            var recording = await db.AnswerRecordings.AsNoTracking().SingleAsync(r => r.AnswerId == answerId);
            Assert.Equal(TranscriptStatus.Transcribed, recording.TranscriptStatus);
            Assert.Equal(("deepgram", "nova-3", FakeDeepgramListen.PrerecordedConfidence),
                (recording.TranscriptProvider, recording.TranscriptModel, recording.TranscriptConfidence));
            Assert.Equal("a hash map trades memoryfor constant time lookups", (await db.InterviewAnswers.SingleAsync(a => a.AnswerId == answerId)).Text);
        }
        await evaluations.SweepAsync(CancellationToken.None);
        Assert.NotNull(await EvaluationEnqueuedAtAsync(interview.Id));
    }

    private async Task<DateTimeOffset?> EvaluationEnqueuedAtAsync(Guid interviewId)
    {
        await using var db = nodes.Database.CreateContext();
        return await db.Interviews.IgnoreQueryFilters().Where(i => i.Id == interviewId).Select(i => i.EvaluationEnqueuedAt).SingleAsync();
    }

    [Fact]
    public async Task A_live_connection_cut_mid_answer_still_stores_the_whole_recording_as_pending()
    {
        var interview = await nodes.NodeA.ScheduleAsync(questions: 2);
        await using var candidate = await nodes.CandidateAsync(nodes.NodeA, interview);
        await candidate.JoinAsync();
        var answerId = Guid.NewGuid();
        nodes.Deepgram.LiveDropsMidStream = true;
        try
        {
            await candidate.SubmitSpokenAsync(1, SpokenAudioStream.Words("first words heard", "then the line drops", "and more is said"), answerId);
        }
        finally
        {
            nodes.Deepgram.LiveDropsMidStream = false;
        }

        // Captions came until the cut; the recording is whole and waits for the job.
        Assert.True(candidate.Captions.Reader.TryRead(out var caption));
        Assert.Equal(1, caption.Ordinal);
        await using var db = nodes.Database.CreateContext();
        var recording = await db.AnswerRecordings.AsNoTracking().SingleAsync(r => r.AnswerId == answerId);
        Assert.Equal(TranscriptStatus.Pending, recording.TranscriptStatus);
        Assert.Equal("first words heardthen the line dropsand more is said", Encoding.UTF8.GetString(recording.Audio));
        Assert.Null((await db.InterviewAnswers.SingleAsync(a => a.AnswerId == answerId)).Text);
    }

    [Fact]
    public async Task Without_a_provider_the_answer_keeps_its_audio_marked_transcript_pending()
    {
        var interview = await nodes.NodeC.ScheduleAsync(questions: 2);
        await using var candidate = await nodes.CandidateAsync(nodes.NodeC, interview);
        await candidate.JoinAsync();
        var answerId = Guid.NewGuid();
        var outcome = await candidate.SubmitSpokenAsync(1, SpokenAudioStream.Words("spoken ", "without captions"), answerId, mimeType: "audio/ogg; codecs=opus");

        Assert.Equal(answerId, outcome.Accepted.AnswerId);
        Assert.False(candidate.Captions.Reader.TryRead(out _));
        await using var db = nodes.Database.CreateContext();
        var recording = await db.AnswerRecordings.AsNoTracking().SingleAsync(r => r.AnswerId == answerId);
        Assert.Equal((TranscriptStatus.Pending, "audio/ogg;codecs=opus", null), (recording.TranscriptStatus, recording.ContentType, recording.TranscriptProvider));
        Assert.Equal("spoken without captions", Encoding.UTF8.GetString(recording.Audio));
        var answer = await db.InterviewAnswers.SingleAsync(a => a.AnswerId == answerId);
        Assert.Equal((1, null, false), (answer.Ordinal, answer.Text, answer.Unanswered));
    }

    private async Task AssertStoredOnceAsync(Guid interviewId, Guid answerId, string transcript, string[] slices)
    {
        await using var db = nodes.Database.CreateContext();
        var answer = await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interviewId);
        Assert.Equal((answerId, transcript, false), (answer.AnswerId, answer.Text, answer.Unanswered));
        var recording = await db.AnswerRecordings.AsNoTracking().SingleAsync(r => r.InterviewId == interviewId);
        Assert.Equal((answerId, 1, WebmOpus), (recording.AnswerId, recording.Ordinal, recording.ContentType));
        Assert.Equal(string.Concat(slices), Encoding.UTF8.GetString(recording.Audio));
        Assert.Equal((TranscriptStatus.Transcribed, "deepgram", "nova-3", FakeDeepgramListen.Confidence),
            (recording.TranscriptStatus, recording.TranscriptProvider, recording.TranscriptModel, recording.TranscriptConfidence));
        Assert.NotNull(recording.TranscribedAt);
        Assert.InRange(recording.DurationMs, 20, 10_000);
    }
}
