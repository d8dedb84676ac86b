using System.Net;
using System.Net.Sockets;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using InterviewPlatform.Shared.Interviews;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// SessionServer on a real socket (real PostgreSQL, no Redis: one node) and Debian's Chromium with fake media
/// devices, so the setup check's microphone works without hardware. Intent methods walk the page's screens.
/// </summary>
public class BrowserHost : IAsyncLifetime
{
    static BrowserHost() => UseLoadedMachineTimeouts();

    /// <summary>
    /// Expectations wait up to 15 s, not Playwright's 5: they pass as soon as the page gets there, and on 2 cores running
    /// the suite's hosts, browsers and database at once, a chunk load or a reconnect can take longer than 5 s (CI saw it).
    /// </summary>
    public static void UseLoadedMachineTimeouts() => Assertions.SetDefaultExpectTimeout(15_000);

    public KestrelNode Server { get; private set; } = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public sealed class KestrelNode(IReadOnlyDictionary<string, string> settings) : SessionNode
    {
        public int Port { get; } = FreePort();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ASPNETCORE_URLS", $"http://127.0.0.1:{Port}");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    /// <summary>Settings laid over the node's (a fixture that needs Deepgram or another voice says so here).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>Chromium flags beyond the fake media devices (e.g. the file the fake microphone plays).</summary>
    protected virtual IEnumerable<string> BrowserArgs() => [];

    public virtual async Task InitializeAsync()
    {
        Server = new KestrelNode(await SettingsAsync());
        await Server.InitializeAsync();
        Server.UseKestrel(Server.Port);
        Server.StartServer();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required",
                .. BrowserArgs(),
            ],
        });
    }

    public virtual async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }

    public string Link(Interview interview, string? token = null) =>
        $"http://127.0.0.1:{Server.Port}/interview/{interview.Id}?token={token ?? Server.CandidateToken(interview)}";

    /// <summary>A new browser profile (no local copies), 1280 px wide unless told, microphone allowed.</summary>
    public async Task<IBrowserContext> ContextAsync(int width = 1280) => await _browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = width, Height = 800 },
        Permissions = ["microphone"],
        Locale = "en-US",
    });

    public async Task<IPage> CreatePageAsync(int width = 1280) => await (await ContextAsync(width)).NewPageAsync();

    public async Task<IPage> OpenAsync(Interview interview, int width = 1280, string? token = null)
    {
        var page = await CreatePageAsync(width);
        await page.GotoAsync(Link(interview, token));
        return page;
    }

    /// <summary>
    /// The page's hub connections, routed through the test so it can cut them and refuse new ones like a dead network
    /// (<see cref="CutAsync"/>) and let them through again (<see cref="Restore"/>).
    /// </summary>
    public sealed class HubLine
    {
        private readonly List<IWebSocketRoute> _sockets = [];
        private volatile bool _down;

        public static async Task<HubLine> RouteAsync(IPage page)
        {
            var line = new HubLine();
            await page.RouteWebSocketAsync("**/hubs/interview**", socket =>
            {
                if (line._down)
                {
                    _ = socket.CloseAsync();
                    return;
                }
                socket.ConnectToServer();
                lock (line._sockets) line._sockets.Add(socket);
            });
            await page.RouteAsync("**/hubs/interview/negotiate**", route => line._down ? route.AbortAsync() : route.ContinueAsync());
            return line;
        }

        public async Task CutAsync()
        {
            _down = true;
            IWebSocketRoute[] open;
            lock (_sockets) open = [.. _sockets];
            foreach (var socket in open) await socket.CloseAsync();
        }

        public void Restore() => _down = false;
    }

    /// <summary>Ticks the consent box and continues to the setup check.</summary>
    public static async Task ConsentAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("#welcome")).ToBeVisibleAsync();
        await page.CheckAsync("#consent-check");
        await page.ClickAsync("#consent-accept");
        await Assertions.Expect(page.Locator("#setup")).ToBeVisibleAsync();
    }

    /// <summary>From the welcome screen to the first question: consent, setup (text only), Start.</summary>
    public static async Task StartAsync(IPage page)
    {
        await ConsentAsync(page);
        await page.ClickAsync("#setup-text-only");
        await Assertions.Expect(page.Locator("#start")).ToBeEnabledAsync();
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#room")).ToBeVisibleAsync();
    }

    /// <summary>axe-core on the page as it is: no violations at all, listed with their elements when there are.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string screen)
    {
        var result = await page.RunAxe();
        var found = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}");
        Assert.True(result.Violations.Length == 0, $"axe on {screen}:\n{string.Join("\n", found)}");
    }

    public async Task SetQuestionAsync(Interview interview, int ordinal, QuestionKind kind, string? codeLanguage = null, string? starterCode = null)
    {
        await using var db = Server.Database.CreateContext();
        await db.InterviewQuestions.Where(q => q.InterviewId == interview.Id && q.Ordinal == ordinal).ExecuteUpdateAsync(s => s
            .SetProperty(q => q.Kind, kind).SetProperty(q => q.CodeLanguage, codeLanguage).SetProperty(q => q.StarterCode, starterCode));
    }

    public async Task<Interview> InLanguageAsync(Interview interview, string language)
    {
        await using var db = Server.Database.CreateContext();
        await db.Interviews.Where(i => i.Id == interview.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Language, language));
        interview.Language = language;
        return interview;
    }

    /// <summary>Presses Tab until <paramref name="selector"/> has focus (at most 15 times), as a keyboard user would.</summary>
    public static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 15; i++)
        {
            if (await page.Locator(selector).EvaluateAsync<bool>("e => e === document.activeElement")) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"{selector} cannot be reached with Tab");
    }

    /// <summary>Nothing sticks out sideways at the page's width (lists what does, if anything).</summary>
    public static async Task AssertFitsAsync(IPage page, string screen)
    {
        var wide = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null)
              .filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 1 || r.left < -1; })
              .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`)
            """);
        Assert.True(wide.Length == 0, $"{screen} is wider than the screen: {string.Join("; ", wide)}");
        // Text too long to wrap (a long company name) widens the page without widening its box.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), $"{screen} scrolls sideways");
    }

    /// <summary>A full-page screenshot kept as a test artefact (bin/.../screenshots), for people reviewing the page.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }
}
