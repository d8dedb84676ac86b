using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>The candidate page in Debian's Chromium against SessionServer on a real socket.</summary>
public sealed class BrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    private BrowserHost.KestrelNode Server => host.Server;

    [Fact]
    public async Task A_candidate_answers_in_the_browser_and_the_answer_is_stored()
    {
        var interview = await Server.ScheduleAsync(questions: 3);
        var page = await host.OpenAsync(interview);
        await BrowserHost.StartAsync(page);

        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 1 of 3");
        await Assertions.Expect(page.Locator("#question-text")).ToHaveTextAsync("Question 1?");
        await page.FillAsync("#answer", "A lock shared by the threads");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 3");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("#finish");
        await Assertions.Expect(page.Locator("#done")).ToBeVisibleAsync();

        await using var db = Server.Database.CreateContext();
        Assert.Equal("A lock shared by the threads", (await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interview.Id && a.Ordinal == 1)).Text);
        Assert.Equal(InterviewStatus.Completed, (await db.Interviews.SingleAsync(i => i.Id == interview.Id)).Status);
    }

    [Fact]
    public async Task What_was_typed_is_saved_to_the_server_and_comes_back_in_another_browser()
    {
        var interview = await Server.ScheduleAsync(questions: 2);
        var page = await host.OpenAsync(interview);
        await BrowserHost.StartAsync(page);
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 1 of 2");
        await page.Locator("#answer").PressSequentiallyAsync("Half an answer");

        // The server holds the draft once typing pauses (nothing was submitted). A slow machine's typing may pause midway
        // too, and that part is saved first: wait for the whole text.
        await using (var db = Server.Database.CreateContext())
        {
            await Poll.UntilAsync(() => db.InterviewDrafts.AsNoTracking()
                .SingleOrDefaultAsync(d => d.InterviewId == interview.Id && d.Ordinal == 1 && d.Text == "Half an answer"));
        }
        await Assertions.Expect(page.Locator("#save-status")).ToHaveTextAsync("Draft saved.");
        await page.Context.CloseAsync();

        // A fresh browser (no local copy) on the same link: straight back to the question, the draft in the box.
        // Whether the server has seen the closed browser go yet decides if this one is first asked to take over: wait
        // for whichever screen comes (the page was still loading when this only looked once, and never confirmed).
        var again = await host.OpenAsync(interview);
        var (takeover, answer) = (again.Locator("#takeover-confirm"), again.Locator("#answer"));
        await Assertions.Expect(again.Locator("#takeover-confirm:visible, #answer:visible").First).ToBeVisibleAsync();
        if (await takeover.IsVisibleAsync()) await takeover.ClickAsync();
        await Assertions.Expect(answer).ToHaveValueAsync("Half an answer");
    }
}

/// <summary>Waits for something the page does a moment later (a debounced save), without a fixed sleep.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe) where T : class
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException("the condition did not hold within 10 s");
    }
}
