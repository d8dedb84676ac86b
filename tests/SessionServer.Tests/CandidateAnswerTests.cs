using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>Answers in Chromium: the code editor, drafts over a reload, time-outs, and drops of the network or the hub connection.</summary>
public sealed class CandidateAnswerTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    private BrowserHost.KestrelNode Server => host.Server;

    [Fact]
    public async Task A_coding_question_is_answered_in_the_editor_and_stored_as_code()
    {
        var interview = await Server.ScheduleAsync(questions: 1);
        await host.SetQuestionAsync(interview, 1, QuestionKind.Coding, "python", "def solve(items):\n");
        var page = await host.OpenAsync(interview);
        await BrowserHost.StartAsync(page);

        var editor = page.Locator("#editor .cm-content");
        // The editor's chunk (most of the page's bytes) was fetched in the background since the welcome screen.
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
        var interview = await Server.ScheduleRunningOutAsync(firstLimitSeconds: 4);
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
        // Gone once the hub is connected again (a reconnect and a Join on a loaded machine can take seconds).
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
        // The page's hub connections pass through the test, so it can cut them like a dead network.
        var line = await BrowserHost.HubLine.RouteAsync(page);
        await page.GotoAsync(host.Link(interview));
        await BrowserHost.StartAsync(page);
        await page.FillAsync("#answer", "Sent while the line was down");

        await line.CutAsync();
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("Connection lost");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#save-status")).ToContainTextAsync("your answer will be sent as soon as the connection is back");

        line.Restore();
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 2", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#banner")).ToBeHiddenAsync();
        await using var db = Server.Database.CreateContext();
        var stored = await db.InterviewAnswers.AsNoTracking().Where(a => a.InterviewId == interview.Id && a.Ordinal == 1).ToListAsync();
        Assert.Equal("Sent while the line was down", Assert.Single(stored).Text);
    }
}
