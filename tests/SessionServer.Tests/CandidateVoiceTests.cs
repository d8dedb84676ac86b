using InterviewPlatform.SessionServer.Sessions;
using InterviewPlatform.Shared.Speech;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// Answers spoken in Chromium: its fake microphone plays an espeak-ng sentence, MediaRecorder records it as WebM Opus,
/// the hub relays it to the loopback Deepgram (which hears the test's script in real audio) and stores it.
/// </summary>
public sealed class CandidateVoiceTests(VoiceBrowserHost host) : IClassFixture<VoiceBrowserHost>
{
    private const string WebmOpus = "audio/webm;codecs=opus";
    private static readonly byte[] _ebmlMagic = [0x1A, 0x45, 0xDF, 0xA3]; // every WebM file starts with its EBML header

    private BrowserHost.KestrelNode Server => host.Server;

    [Fact]
    public async Task A_spoken_answer_shows_its_live_transcript_a_retake_replaces_the_first_and_only_the_ack_says_saved()
    {
        var interview = await Server.ScheduleAsync(questions: 2);
        var page = await host.OpenAsync(interview);
        await VoiceBrowserHost.StartWithVoiceAsync(page);
        host.Deepgram.Scripts.Clear();
        host.Deepgram.InterimHold = TimeSpan.FromSeconds(1.5);
        host.Deepgram.Scripts.Enqueue(["a first try"]);
        host.Deepgram.Scripts.Enqueue(["binary search halves", "the interval at each step"]);

        // First take: its caption appears as Deepgram hears it, interim then final.
        await page.ClickAsync("#voice-record");
        await Assertions.Expect(page.Locator("#voice-stop")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#voice-state")).ToHaveTextAsync("Recording… speak now.");
        await Assertions.Expect(page.Locator("#transcript")).ToHaveTextAsync("a fir", new() { Timeout = 10_000 });
        await BrowserHost.AssertAccessibleAsync(page, "voice panel while recording");
        await BrowserHost.ScreenshotAsync(page, "voice-recording");
        await Assertions.Expect(page.Locator("#transcript")).ToHaveTextAsync("a first try");
        await page.ClickAsync("#voice-stop");
        await Assertions.Expect(page.Locator("#voice-send")).ToBeVisibleAsync();

        // Record again: the first take is dropped, and the transcript starts afresh.
        await page.ClickAsync("#voice-rerecord");
        await Assertions.Expect(page.Locator("#transcript")).ToHaveTextAsync("binary sea", new() { Timeout = 10_000 });
        // The first segment is final; the next one's interim words follow it.
        await Assertions.Expect(page.Locator("#transcript")).ToHaveTextAsync("binary search halves the interval");
        await Assertions.Expect(page.Locator("#transcript-interim")).ToHaveTextAsync("the interval"); // shown apart: it may still change
        await Assertions.Expect(page.Locator("#transcript")).ToHaveTextAsync("binary search halves the interval at each step", new() { Timeout = 10_000 });
        await page.ClickAsync("#voice-stop");
        await Assertions.Expect(page.Locator("#voice-send")).ToBeFocusedAsync();
        await BrowserHost.ScreenshotAsync(page, "voice-review");
        // A verbal question: no empty code editor below the answer.
        await Assertions.Expect(page.Locator("#coding")).ToBeHiddenAsync();

        // Deepgram's final pass is slow: until the server has stored the answer the page says it is saving, not saved.
        host.Deepgram.CloseStreamDelay = TimeSpan.FromSeconds(2);
        try
        {
            await page.ClickAsync("#voice-send");
            await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Saving your answer…");
            await using (var db = Server.Database.CreateContext())
            {
                Assert.Equal(0, await db.InterviewAnswers.CountAsync(a => a.InterviewId == interview.Id));
            }
            await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Answer saved.", new() { Timeout = 10_000 });
        }
        finally
        {
            host.Deepgram.CloseStreamDelay = TimeSpan.Zero;
        }
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2");
        await Assertions.Expect(page.Locator("#voice-record")).ToBeVisibleAsync();

        await AssertSpokenAnswerAsync(interview.Id, 1, "binary search halves the interval at each step");
    }

    [Fact]
    public async Task After_a_reload_mid_interview_the_record_button_is_back_and_a_spoken_answer_still_works()
    {
        var interview = await Server.ScheduleAsync(questions: 2);
        var page = await host.OpenAsync(interview);
        await VoiceBrowserHost.StartWithVoiceAsync(page);
        await Assertions.Expect(page.Locator("#voice-record")).ToBeVisibleAsync();

        await page.ReloadAsync();
        // Straight back to the question, with no new setup check: this browser already allows the microphone.
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 1 of 2");
        await Assertions.Expect(page.Locator("#voice-record")).ToBeVisibleAsync();
        // The old page's connection lingers on the server (awaiting a stateful reconnect) past a lease renewal: the
        // renewal once dropped the new connection's session with the old one's, and the answer was refused.
        await Task.Delay(LeaseTiming.RenewEvery + TimeSpan.FromSeconds(1));

        host.Deepgram.Scripts.Clear();
        host.Deepgram.Scripts.Enqueue(["spoken after a reload"]);
        await page.ClickAsync("#voice-record");
        await Assertions.Expect(page.Locator("#transcript")).ToHaveTextAsync("spoken after a reload", new() { Timeout = 10_000 });
        await page.ClickAsync("#voice-stop");
        await page.ClickAsync("#voice-send");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Answer saved.");

        await AssertSpokenAnswerAsync(interview.Id, 1, "spoken after a reload");
    }

    [Fact]
    public async Task A_take_being_recorded_when_the_page_reloads_comes_back_ready_to_send_and_is_stored_once()
    {
        var interview = await Server.ScheduleAsync(questions: 2);
        var page = await host.OpenAsync(interview);
        await VoiceBrowserHost.StartWithVoiceAsync(page);
        host.Deepgram.Scripts.Clear();
        // Heard twice: by the upload that dies with the old page, and by the kept take sent after the reload.
        host.Deepgram.Scripts.Enqueue(["kept across a reload"]);
        host.Deepgram.Scripts.Enqueue(["kept across a reload"]);

        await page.ClickAsync("#voice-record");
        await Assertions.Expect(page.Locator("#transcript")).ToHaveTextAsync("kept across a reload", new() { Timeout = 10_000 });
        await page.WaitForTimeoutAsync(2_000); // the candidate goes on speaking for a while…
        await page.ReloadAsync(); // …and the page reloads mid-sentence

        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 1 of 2");
        await Assertions.Expect(page.Locator("#voice-state")).ToHaveTextAsync("Your recording from before the page reloaded was kept. Send it, or record again.");
        await Assertions.Expect(page.Locator("#voice-send")).ToBeVisibleAsync();
        await page.ClickAsync("#voice-send");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Answer saved.");
        await AssertSpokenAnswerAsync(interview.Id, 1, "kept across a reload", streamedLive: false);

        // Sent and stored: the next reload offers nothing to send.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2");
        await Assertions.Expect(page.Locator("#voice-record")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#voice-send")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_spoken_answer_whose_upload_dies_with_the_connection_is_sent_again_when_it_is_back_and_stored_once()
    {
        var interview = await Server.ScheduleAsync(questions: 2);
        var page = await host.CreatePageAsync();
        // The page's hub connections pass through the test, so it can cut them like a dead network.
        var line = await BrowserHost.HubLine.RouteAsync(page);
        await page.GotoAsync(host.Link(interview));
        await VoiceBrowserHost.StartWithVoiceAsync(page);
        host.Deepgram.Scripts.Clear();
        // Heard twice: by the upload that dies, and by the one sent again.
        host.Deepgram.Scripts.Enqueue(["a hash map trades memory for time"]);
        host.Deepgram.Scripts.Enqueue(["a hash map trades memory for time"]);

        await page.ClickAsync("#voice-record");
        await Assertions.Expect(page.Locator("#transcript")).ToHaveTextAsync("a hash map trades memory for time", new() { Timeout = 10_000 });
        await page.ClickAsync("#voice-stop");
        await line.CutAsync();
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("Connection lost");
        await page.ClickAsync("#voice-send");
        await Assertions.Expect(page.Locator("#save-status")).ToContainTextAsync("your answer will be sent as soon as the connection is back");

        line.Restore();
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Answer saved.");
        await AssertSpokenAnswerAsync(interview.Id, 1, "a hash map trades memory for time", streamedLive: false);
    }

    [Fact]
    public async Task The_speaker_test_plays_a_spoken_sample_in_the_language_chosen_on_the_page()
    {
        var interview = await Server.ScheduleAsync(questions: 1);
        var page = await host.OpenAsync(interview);
        await page.SelectOptionAsync("#language", "de");
        await BrowserHost.ConsentAsync(page);

        await page.ClickAsync("#speaker-test");
        // Said only once the whole sample has streamed and been scheduled for playing.
        await Assertions.Expect(page.Locator("#speaker-state"))
            .ToHaveTextAsync("Haben Sie einen kurzen gesprochenen Satz gehört? Wenn nicht, prüfen Sie die Lautstärke.", new() { Timeout = 15_000 });
        Assert.True(int.Parse(await page.Locator("#speaker-state").GetAttributeAsync("data-chunks") ?? "0") > 1, "the sample arrived as one chunk or none");
        await BrowserHost.AssertAccessibleAsync(page, "setup with the speaker tested");
    }

    /// <summary>One answer for the question, its text the transcript, with one real recording of the browser's type.</summary>
    [Fact]
    public async Task A_take_still_being_recorded_when_the_questions_time_runs_out_is_sent_and_stored_as_the_answer()
    {
        var interview = await Server.ScheduleRunningOutAsync(firstLimitSeconds: 8);
        var page = await host.OpenAsync(interview);
        await VoiceBrowserHost.StartWithVoiceAsync(page);
        host.Deepgram.Scripts.Clear();
        host.Deepgram.Scripts.Enqueue(["still talking when the clock ran out"]);

        // The candidate starts speaking and never presses Stop or Send: at 0:00 the page sends the take itself.
        await page.ClickAsync("#voice-record");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Answer saved.");
        await Assertions.Expect(page.Locator("#voice-record")).ToBeEnabledAsync();

        await AssertSpokenAnswerAsync(interview.Id, 1, "still talking when the clock ran out");
        await using var db = Server.Database.CreateContext();
        Assert.False((await db.InterviewAnswers.AsNoTracking().SingleAsync(a => a.InterviewId == interview.Id && a.Ordinal == 1)).TimedOut);
    }

    private async Task AssertSpokenAnswerAsync(Guid interviewId, int ordinal, string transcript, bool streamedLive = true)
    {
        await using var db = Server.Database.CreateContext();
        var answer = Assert.Single(await db.InterviewAnswers.AsNoTracking().Where(a => a.InterviewId == interviewId && a.Ordinal == ordinal).ToListAsync());
        Assert.Equal((transcript, false), (answer.Text, answer.Unanswered));
        var recording = Assert.Single(await db.AnswerRecordings.AsNoTracking().Where(r => r.InterviewId == interviewId).ToListAsync());
        Assert.Equal((answer.AnswerId, ordinal, WebmOpus), (recording.AnswerId, recording.Ordinal, recording.ContentType));
        Assert.Equal((TranscriptStatus.Transcribed, "deepgram", FakeDeepgramListen.Confidence),
            (recording.TranscriptStatus, recording.TranscriptProvider, recording.TranscriptConfidence));
        // A real recording: a WebM file of more than a second of Opus, not the page's text or a few stray bytes.
        Assert.Equal(_ebmlMagic, recording.Audio.Take(4));
        Assert.Equal(recording.Length, recording.Audio.Length);
        Assert.True(recording.Audio.Length > 4_000, $"only {recording.Audio.Length} bytes recorded");
        // The server times the upload: streamed while speaking it is the take's length; a take sent again goes up at once.
        if (streamedLive) Assert.True(recording.DurationMs > 1_000, $"recorded for {recording.DurationMs} ms");
    }
}
