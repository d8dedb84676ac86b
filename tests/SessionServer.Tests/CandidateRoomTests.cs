using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>The candidate page's flow in Chromium: welcome and consent, setup, waiting room, the room itself.</summary>
public sealed class CandidateRoomTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    private BrowserHost.KestrelNode Server => host.Server;

    [Fact]
    public async Task Each_stage_passes_axe_and_the_clock_starts_only_on_start()
    {
        var interview = await Server.ScheduleAsync(questions: 2);
        var page = await host.OpenAsync(interview);

        await Assertions.Expect(page.Locator("#welcome-title")).ToHaveTextAsync("Welcome, Ada Lovelace");
        await Assertions.Expect(page.Locator("#w-position")).ToHaveTextAsync("Engineer");
        await Assertions.Expect(page.Locator("#w-questions")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#w-zone")).ToHaveTextAsync("Coordinated Universal Time");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await BrowserHost.AssertAccessibleAsync(page, "welcome");
        await BrowserHost.ScreenshotAsync(page, "welcome");

        // Continuing without ticking the box says why, and stays.
        await page.ClickAsync("#consent-accept");
        await Assertions.Expect(page.Locator("#consent-error")).ToContainTextAsync("tick the box");
        await BrowserHost.ConsentAsync(page);
        await page.ClickAsync("#mic-test");
        await Assertions.Expect(page.Locator("#mic-state")).ToContainTextAsync("Microphone works");
        await page.ClickAsync("#speaker-test");
        // A spoken sample (espeak-ng on this node), not a tone.
        await Assertions.Expect(page.Locator("#speaker-state")).ToContainTextAsync("short spoken sentence", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#network-state")).ToContainTextAsync("round trip");
        await BrowserHost.AssertAccessibleAsync(page, "setup");
        await BrowserHost.ScreenshotAsync(page, "setup");
        await page.ClickAsync("#setup-continue");
        await Assertions.Expect(page.Locator("#waiting")).ToBeVisibleAsync();
        await BrowserHost.AssertAccessibleAsync(page, "waiting room");
        await BrowserHost.ScreenshotAsync(page, "waiting-room");

        // The page has been open through three screens: the interview has not started.
        await using (var db = Server.Database.CreateContext())
        {
            var stored = await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interview.Id);
            Assert.Equal(InterviewStatus.Scheduled, stored.Status);
            Assert.Null(stored.StartedAt);
            Assert.Contains(await db.IntegrityEvents.Where(e => e.InterviewId == interview.Id).Select(e => e.Kind).ToListAsync(),
                k => k == IntegrityEventKind.ConsentGiven);
        }

        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 1 of 2");
        // The question is heard as it streams (espeak-ng on this node), and can be replayed.
        await Assertions.Expect(page.Locator("#replay[data-chunks]")).ToBeVisibleAsync();
        // The microphone works and the server takes spoken answers: recording is offered beside typing.
        await Assertions.Expect(page.Locator("#voice-record")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#question-text")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#announcer")).ToContainTextAsync("Question 1 of 2: Question 1?");
        await Assertions.Expect(page.Locator("#question-timer")).ToContainTextAsync("Time for this question: 1:");
        await BrowserHost.AssertAccessibleAsync(page, "question");
        await BrowserHost.ScreenshotAsync(page, "question");
        await page.ClickAsync("#replay");
        await using (var db = Server.Database.CreateContext())
        {
            var stored = await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interview.Id);
            Assert.Equal(InterviewStatus.InProgress, stored.Status);
            Assert.NotNull(stored.StartedAt);
        }

        await page.FillAsync("#answer", "A lock shared by the threads");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2");
        await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Answer saved.");
        await page.FillAsync("#answer", "Last one");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#done-title")).ToHaveTextAsync("Thank you, Ada Lovelace!");
        await BrowserHost.AssertAccessibleAsync(page, "completion");
        await BrowserHost.ScreenshotAsync(page, "completion");
    }

    [Fact]
    public async Task Before_the_slot_the_waiting_room_counts_down_and_start_is_not_offered()
    {
        var interview = await Server.ScheduleAsync(slot: DateTimeOffset.UtcNow.AddMinutes(10));
        var page = await host.OpenAsync(interview);
        await BrowserHost.ConsentAsync(page);
        await page.ClickAsync("#setup-text-only");
        await Assertions.Expect(page.Locator("#countdown")).ToContainTextAsync("Opens in 9:");
        await Assertions.Expect(page.Locator("#start")).ToBeDisabledAsync();
        await using var db = Server.Database.CreateContext();
        Assert.Null((await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interview.Id)).StartedAt);
    }

    [Fact]
    public async Task Declining_consent_is_recorded_and_the_interview_does_not_start()
    {
        var interview = await Server.ScheduleAsync();
        var page = await host.OpenAsync(interview);
        await Assertions.Expect(page.Locator("#welcome")).ToBeVisibleAsync();
        await page.ClickAsync("#consent-decline");
        await Assertions.Expect(page.Locator("#declined-title")).ToHaveTextAsync("You declined");
        await BrowserHost.AssertAccessibleAsync(page, "declined");
        await BrowserHost.ScreenshotAsync(page, "declined");

        await using var db = Server.Database.CreateContext();
        var declined = await db.IntegrityEvents.AsNoTracking().SingleAsync(e => e.InterviewId == interview.Id && e.Kind == IntegrityEventKind.ConsentDeclined);
        Assert.Equal("en", declined.Detail);
        Assert.Equal(InterviewStatus.Scheduled, (await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interview.Id)).Status);
    }

    [Fact]
    public async Task In_arabic_the_page_is_right_to_left_translated_and_accessible_at_360_px()
    {
        var interview = await host.InLanguageAsync(await Server.ScheduleAsync(questions: 2), "ar");
        await host.SetQuestionAsync(interview, 2, QuestionKind.Coding, "python", "def solve():\n    pass\n");
        var page = await host.OpenAsync(interview, width: 360);

        await Assertions.Expect(page.Locator("#welcome")).ToBeVisibleAsync();
        Assert.Equal("ar", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        await Assertions.Expect(page.Locator("#consent-accept")).ToHaveTextAsync("متابعة");
        await BrowserHost.AssertAccessibleAsync(page, "welcome (ar, 360 px)");
        await BrowserHost.ScreenshotAsync(page, "welcome-ar-360-px");
        // Mirrored: the decline button sits to the left of the accept button's start edge, nothing overflows 360 px.
        await BrowserHost.AssertFitsAsync(page, "welcome");

        await BrowserHost.ConsentAsync(page);
        await BrowserHost.AssertAccessibleAsync(page, "setup (ar, 360 px)");
        await BrowserHost.ScreenshotAsync(page, "setup-ar-360-px");
        await page.ClickAsync("#setup-text-only");
        await BrowserHost.AssertAccessibleAsync(page, "waiting (ar, 360 px)");
        await BrowserHost.ScreenshotAsync(page, "waiting-ar-360-px");
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("السؤال 1 من 2");
        await BrowserHost.AssertAccessibleAsync(page, "question (ar, 360 px)");
        await BrowserHost.ScreenshotAsync(page, "question-ar-360-px");
        await page.FillAsync("#answer", "إجابة");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#editor[data-ready]")).ToBeVisibleAsync();
        await BrowserHost.AssertAccessibleAsync(page, "coding question (ar, 360 px)");
        await BrowserHost.ScreenshotAsync(page, "coding-question-ar-360-px");
        await BrowserHost.AssertFitsAsync(page, "coding question");

        // The switcher changes the language at once, and back to left to right.
        await page.SelectOptionAsync("#language", "en");
        Assert.Equal("ltr", await page.GetAttributeAsync("html", "dir"));
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2");
    }

    [Fact]
    public async Task The_whole_flow_works_from_the_keyboard_and_the_last_minute_is_announced()
    {
        // 62 s for the question: its last minute begins two seconds in.
        var interview = await Server.ScheduleAsync(questions: 1, timeLimitSeconds: 62);
        var page = await host.OpenAsync(interview);
        await Assertions.Expect(page.Locator("#welcome-title")).ToBeFocusedAsync();

        await BrowserHost.TabToAsync(page, "#consent-check");
        await page.Keyboard.PressAsync("Space");
        await BrowserHost.TabToAsync(page, "#consent-accept");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#setup-title")).ToBeFocusedAsync();
        await BrowserHost.TabToAsync(page, "#setup-text-only");
        await page.Keyboard.PressAsync("Enter");
        await BrowserHost.TabToAsync(page, "#start");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#question-text")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#announcer")).ToHaveTextAsync("One minute left for this question.", new() { Timeout = 10_000 });
        await BrowserHost.TabToAsync(page, "#answer");
        await page.Keyboard.TypeAsync("Typed without a mouse");
        await BrowserHost.TabToAsync(page, "#submit");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#done-title")).ToBeFocusedAsync();
    }
}
