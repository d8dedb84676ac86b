using InterviewPlatform.Shared.Auth;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// The candidate page in Chromium behind the shipped nginx, with two SessionServer processes: the node serving
/// the candidate is killed mid-interview and the page carries on, on the other node, with nothing lost. In the edge
/// collection: never beside <see cref="EdgeTests"/>, whose login burst keeps both cores busy with bcrypt for a minute.
/// </summary>
[Collection(EdgePlatform.Collection)]
public sealed class CandidateNodeKillTests(EdgePlatform platform) : IClassFixture<EdgePlatform>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        BrowserHost.UseLoadedMachineTimeouts();
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
    }

    [Fact]
    public async Task The_node_serving_the_candidate_dies_and_the_page_continues_on_the_other()
    {
        var interview = await platform.Database.ScheduleInterviewAsync(DateTimeOffset.UtcNow, questions: 3);
        var token = new CandidateTokenIssuer(Options.Create(new AuthOptions { SecretKey = SessionNode.SecretKey })).Issue(interview);
        // The edge's certificate is this run's throwaway one.
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, Locale = "en-US" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{platform.Edge.SessionUrl}/interview/{interview.Id}?token={token}");
        // The first connection through the edge reaches a node process that has served nothing yet (its first
        // negotiate, WebSocket and queries), on a machine busy with the other browser classes: a clean run once took
        // longer than the usual 15 s here. What this test is about (failover) starts after the welcome screen.
        await Assertions.Expect(page.Locator("#welcome")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await BrowserHost.StartAsync(page);
        await page.FillAsync("#answer", "answer 1");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 2 of 3");

        // nginx pins this browser to one node (ip_hash); the test-only X-Upstream header names it.
        var serving = await page.EvaluateAsync<string>("() => fetch('/health/live').then(r => r.headers.get('X-Upstream'))");
        var dead = platform.Nodes.Single(n => new Uri(n.Url!).Authority == serving);
        await page.FillAsync("#answer", "answer 2, written as the node died");
        await dead.DisposeAsync();

        await page.ClickAsync("#submit");
        // Sent (again, if the dying node never acknowledged it) on the other node: the session resumes there at question 3.
        await Assertions.Expect(page.Locator("#progress")).ToHaveTextAsync("Question 3 of 3", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#banner")).ToBeHiddenAsync();
        Assert.NotEqual(serving, await page.EvaluateAsync<string>("() => fetch('/health/live').then(r => r.headers.get('X-Upstream'))"));
        await page.FillAsync("#answer", "answer 3");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#done")).ToBeVisibleAsync();

        await using var db = platform.Database.CreateContext();
        var answers = await db.InterviewAnswers.AsNoTracking().Where(a => a.InterviewId == interview.Id).OrderBy(a => a.Ordinal).ToListAsync();
        Assert.Equal(["answer 1", "answer 2, written as the node died", "answer 3"], answers.Select(a => a.Text));
        Assert.Equal(InterviewStatus.Completed, (await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interview.Id)).Status);

        // The recruiter sees the same through the admin API behind the edge.
        var recruiter = new User { Email = $"{Guid.NewGuid():N}@staff.test", PasswordHash = "-", Role = UserRole.SuperAdmin };
        db.Users.Add(recruiter);
        await db.SaveChangesAsync();
        using var api = platform.Edge.Client(platform.Edge.ApiUrl);
        api.DefaultRequestHeaders.Authorization = new("Bearer",
            new AccessTokenIssuer(Options.Create(new AuthOptions { SecretKey = SessionNode.SecretKey }), TimeProvider.System).Issue(recruiter));
        var read = (await (await api.GetAsync($"/interview/{interview.Id}")).ReadEnvelopeAsync(200)).Result();
        Assert.Equal("completed", read.GetProperty("status").GetString());
        Assert.Contains("answer 2, written as the node died", read.GetRawText());
    }
}
