using System.Net;
using System.Net.Sockets;
using InterviewPlatform.Shared.Interviews;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>The candidate page in Debian's Chromium against SessionServer on a real socket.</summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private readonly KestrelNode _server = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    private sealed class KestrelNode : SessionNode
    {
        public int Port { get; } = FreePort();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ASPNETCORE_URLS", $"http://127.0.0.1:{Port}");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _server.UseKestrel(_server.Port);
        _server.StartServer();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_candidate_answers_in_the_browser_and_the_answer_is_stored()
    {
        var interview = await _server.ScheduleAsync(questions: 3);
        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{_server.Port}/interview/{interview.Id}?token={_server.CandidateToken(interview)}");

        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 1 of 3");
        await Assertions.Expect(page.Locator("#question-text")).ToHaveTextAsync("Question 1?");
        await page.FillAsync("#answer", "A lock shared by the threads");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 3");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("#finish");
        await Assertions.Expect(page.Locator("#done")).ToBeVisibleAsync();

        await using var db = _server.Database.CreateContext();
        Assert.Equal("A lock shared by the threads", (await db.InterviewAnswers.SingleAsync(a => a.InterviewId == interview.Id && a.Ordinal == 1)).Text);
        Assert.Equal(InterviewStatus.Completed, (await db.Interviews.SingleAsync(i => i.Id == interview.Id)).Status);
    }

    [Fact]
    public async Task A_replaced_link_shows_why_it_does_not_work()
    {
        var interview = await _server.ScheduleAsync();
        var oldToken = _server.CandidateToken(interview);
        await using (var db = _server.Database.CreateContext())
        {
            await db.Interviews.Where(i => i.Id == interview.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.TokenVersion, 2));
        }
        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{_server.Port}/interview/{interview.Id}?token={oldToken}");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("newer invitation replaced this link");
    }

    [Fact]
    public async Task What_was_typed_is_saved_to_the_server_and_comes_back_in_another_browser()
    {
        var interview = await _server.ScheduleAsync(questions: 2);
        var link = $"http://127.0.0.1:{_server.Port}/interview/{interview.Id}?token={_server.CandidateToken(interview)}";
        var laptop = await _browser.NewContextAsync();
        var page = await laptop.NewPageAsync();
        await page.GotoAsync(link);
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 1 of 2");
        await page.Locator("#answer").PressSequentiallyAsync("Half an answer");

        // The server holds the draft once typing pauses (nothing was submitted).
        await using (var db = _server.Database.CreateContext())
        {
            var saved = await Poll.UntilAsync(() => db.InterviewDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.InterviewId == interview.Id && d.Ordinal == 1));
            Assert.Equal("Half an answer", saved.Text);
        }
        await laptop.CloseAsync();

        // A fresh browser (no local copy) on the same link: the draft is back in the box.
        var phone = await _browser.NewContextAsync();
        var again = await phone.NewPageAsync();
        again.Dialog += (_, dialog) => dialog.AcceptAsync();
        await again.GotoAsync(link);
        if (await again.Locator("#takeover-confirm").IsVisibleAsync()) await again.ClickAsync("#takeover-confirm");
        await Assertions.Expect(again.Locator("#answer")).ToHaveValueAsync("Half an answer");
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
