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

        // Continuing without ticking the box says why, and stays.
        await page.ClickAsync("#consent-accept");
        await Assertions.Expect(page.Locator("#consent-error")).ToContainTextAsync("tick the box");
        await BrowserHost.ConsentAsync(page);
        await page.ClickAsync("#mic-test");
        await Assertions.Expect(page.Locator("#mic-state")).ToContainTextAsync("Microphone works");
        await page.ClickAsync("#speaker-test");
        await Assertions.Expect(page.Locator("#network-state")).ToContainTextAsync("round trip");
        await BrowserHost.AssertAccessibleAsync(page, "setup");
        await page.ClickAsync("#setup-continue");
        await Assertions.Expect(page.Locator("#waiting")).ToBeVisibleAsync();
        await BrowserHost.AssertAccessibleAsync(page, "waiting room");

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
        // The microphone works, but this server takes no spoken answers yet: the page offers typing only.
        await Assertions.Expect(page.Locator("#voice-record")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#question-text")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#announcer")).ToContainTextAsync("Question 1 of 2: Question 1?");
        await Assertions.Expect(page.Locator("#question-timer")).ToContainTextAsync("Time for this question: 1:");
        await BrowserHost.AssertAccessibleAsync(page, "question");
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
        // Mirrored: the decline button sits to the left of the accept button's start edge, nothing overflows 360 px.
        await AssertFitsAsync(page, "welcome");

        await BrowserHost.ConsentAsync(page);
        await BrowserHost.AssertAccessibleAsync(page, "setup (ar, 360 px)");
        await page.ClickAsync("#setup-text-only");
        await BrowserHost.AssertAccessibleAsync(page, "waiting (ar, 360 px)");
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("السؤال 1 من 2");
        await BrowserHost.AssertAccessibleAsync(page, "question (ar, 360 px)");
        await page.FillAsync("#answer", "إجابة");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#editor[data-ready]")).ToBeVisibleAsync();
        await BrowserHost.AssertAccessibleAsync(page, "coding question (ar, 360 px)");
        await AssertFitsAsync(page, "coding question");

        // The switcher changes the language at once, and back to left to right.
        await page.SelectOptionAsync("#language", "en");
        Assert.Equal("ltr", await page.GetAttributeAsync("html", "dir"));
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2");
    }

    [Fact]
    public async Task A_coding_question_is_answered_in_the_editor_and_stored_as_code()
    {
        var interview = await Server.ScheduleAsync(questions: 1);
        await host.SetQuestionAsync(interview, 1, QuestionKind.Coding, "python", "def solve(items):\n");
        var page = await host.OpenAsync(interview);
        await BrowserHost.StartAsync(page);

        var editor = page.Locator("#editor .cm-content");
        await Assertions.Expect(editor).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#code-language")).ToHaveTextAsync("Python");
        Assert.Equal("false", await editor.GetAttributeAsync("spellcheck"));
        Assert.Contains("mono", await editor.EvaluateAsync<string>("e => getComputedStyle(e).fontFamily"), StringComparison.OrdinalIgnoreCase);
        // Python is highlighted: "def" is a keyword span of its own colour.
        await Assertions.Expect(page.Locator("#editor .cm-line span", new() { HasTextString = "def" }).First).ToBeVisibleAsync();
        await BrowserHost.AssertAccessibleAsync(page, "code editor");

        await editor.ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.PressAsync("Tab"); // indents, focus stays in the editor
        await page.Keyboard.TypeAsync("return sorted(items)");
        await Assertions.Expect(editor).ToBeFocusedAsync();
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#done")).ToBeVisibleAsync();

        await using var db = Server.Database.CreateContext();
        var answer = await db.InterviewAnswers.AsNoTracking().SingleAsync(a => a.InterviewId == interview.Id && a.Ordinal == 1);
        Assert.Null(answer.Text);
        Assert.Equal("def solve(items):\n    return sorted(items)", answer.Code);
    }

    [Fact]
    public async Task A_reload_in_the_middle_of_an_answer_comes_back_with_the_draft()
    {
        var interview = await Server.ScheduleAsync(questions: 2);
        var page = await host.OpenAsync(interview);
        await BrowserHost.StartAsync(page);
        await page.Locator("#answer").PressSequentiallyAsync("Half an answer");

        await page.ReloadAsync();
        // Under way already: straight back to the question, the clock still the server's.
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 1 of 2");
        await Assertions.Expect(page.Locator("#answer")).ToHaveValueAsync("Half an answer");
    }

    [Fact]
    public async Task When_a_questions_time_runs_out_the_page_says_so_moves_on_and_the_draft_is_the_answer()
    {
        var interview = await Server.ScheduleAsync(questions: 2, timeLimitSeconds: 4);
        await using (var setup = Server.Database.CreateContext())
        {
            // The next question's clock starts where the last one's ran out: give it time to be seen.
            await setup.InterviewQuestions.Where(q => q.InterviewId == interview.Id && q.Ordinal == 2).ExecuteUpdateAsync(s => s.SetProperty(q => q.TimeLimitSeconds, 120));
        }
        var page = await host.OpenAsync(interview);
        await BrowserHost.StartAsync(page);
        await page.Locator("#answer").PressSequentiallyAsync("Almost done");

        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Time is up for this question", new() { Timeout = 10_000 });
        Assert.False(await page.Locator("#answer").IsEditableAsync());
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("Time ran out for question 1. What you had written was saved as its answer.");
        await Assertions.Expect(page.Locator("#answer")).ToBeEditableAsync();

        await using var db = Server.Database.CreateContext();
        var answer = await db.InterviewAnswers.AsNoTracking().SingleAsync(a => a.InterviewId == interview.Id && a.Ordinal == 1);
        Assert.True(answer.TimedOut);
        Assert.Equal("Almost done", answer.Text);
    }

    [Fact]
    public async Task A_dropped_network_shows_the_banner_at_once_and_it_goes_when_the_network_is_back()
    {
        var interview = await Server.ScheduleAsync(questions: 2);
        var page = await host.OpenAsync(interview);
        await BrowserHost.StartAsync(page);
        await Assertions.Expect(page.Locator("#banner")).ToBeHiddenAsync();

        await page.Context.SetOfflineAsync(true);
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("Connection lost", new() { Timeout = 1_000 });
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("You can keep writing");
        await page.Locator("#answer").PressSequentiallyAsync("typed offline");
        await BrowserHost.AssertAccessibleAsync(page, "question with the banner");

        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("#banner")).ToBeHiddenAsync();
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2");
        await using var db = Server.Database.CreateContext();
        Assert.Equal("typed offline", (await db.InterviewAnswers.AsNoTracking().SingleAsync(a => a.InterviewId == interview.Id && a.Ordinal == 1)).Text);
    }

    [Fact]
    public async Task A_dropped_connection_shows_the_banner_and_an_answer_sent_meanwhile_is_stored_once_when_it_is_back()
    {
        var interview = await Server.ScheduleAsync(questions: 2);
        var page = await host.CreatePageAsync();
        // The page's hub connections pass through here, so the test can cut them (and refuse new ones) like a dead network.
        var down = false;
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync("**/hubs/interview**", socket =>
        {
            if (down)
            {
                _ = socket.CloseAsync();
                return;
            }
            socket.ConnectToServer();
            sockets.Add(socket);
        });
        await page.RouteAsync("**/hubs/interview/negotiate**", route => down ? route.AbortAsync() : route.ContinueAsync());
        await page.GotoAsync(host.Link(interview));
        await BrowserHost.StartAsync(page);
        await page.FillAsync("#answer", "Sent while the line was down");

        down = true;
        foreach (var socket in sockets) await socket.CloseAsync();
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("Connection lost");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#save-status")).ToContainTextAsync("your answer will be sent as soon as the connection is back");

        down = false;
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#banner")).ToBeHiddenAsync();
        await using var db = Server.Database.CreateContext();
        var stored = await db.InterviewAnswers.AsNoTracking().Where(a => a.InterviewId == interview.Id && a.Ordinal == 1).ToListAsync();
        Assert.Equal("Sent while the line was down", Assert.Single(stored).Text);
    }

    /// <summary>Nothing sticks out sideways at the page's width (lists what does, if anything).</summary>
    private static async Task AssertFitsAsync(IPage page, string screen)
    {
        var wide = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null)
              .filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 1 || r.left < -1; })
              .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`)
            """);
        Assert.True(wide.Length == 0, $"{screen} is wider than the screen: {string.Join("; ", wide)}");
    }
}
