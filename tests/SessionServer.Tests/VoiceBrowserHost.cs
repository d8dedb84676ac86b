using System.Diagnostics;
using InterviewPlatform.TestSupport;
using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>
/// <see cref="BrowserHost"/> whose node hears spoken answers through the loopback Deepgram (live WebSocket) and speaks
/// with espeak-ng, and whose Chromium microphone plays a sentence espeak-ng recorded for it (a WAV made at start-up).
/// </summary>
public sealed class VoiceBrowserHost : BrowserHost
{
    private readonly string _folder = Directory.CreateTempSubdirectory("voice-browser-").FullName;

    public FakeDeepgramListen Deepgram { get; private set; } = null!;

    /// <summary>What the fake microphone says, over and over.</summary>
    public string Microphone => Path.Combine(_folder, "speech.wav");

    public override async Task InitializeAsync()
    {
        Deepgram = await FakeDeepgramListen.StartAsync();
        await RecordSpeechAsync(Microphone, "Binary search halves the interval at each step.");
        await base.InitializeAsync();
    }

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string>>(
        new Dictionary<string, string>
        {
            ["DEEPGRAM_API_KEY"] = FakeDeepgramListen.ApiKey,
            ["DEEPGRAM_BASE_URL"] = Deepgram.BaseUrl,
            // The fake speaks no /v1/speak: questions and the speaker test are espeak-ng's, in a cache of this fixture's own.
            ["TTS_PROVIDER"] = "espeak",
            ["TTS_CACHE_DIR"] = Path.Combine(_folder, "tts"),
        });

    protected override IEnumerable<string> BrowserArgs() => [$"--use-file-for-fake-audio-capture={Microphone}"];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Deepgram.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>From the welcome screen to the first question with the microphone on: consent, microphone test, Continue, Start.</summary>
    public static async Task StartWithVoiceAsync(IPage page)
    {
        await ConsentAsync(page);
        await page.ClickAsync("#mic-test");
        await Assertions.Expect(page.Locator("#mic-state")).ToContainTextAsync("Microphone works");
        await page.ClickAsync("#setup-continue");
        await Assertions.Expect(page.Locator("#start")).ToBeEnabledAsync();
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#room")).ToBeVisibleAsync();
    }

    private static async Task RecordSpeechAsync(string path, string text)
    {
        using var espeak = Process.Start(new ProcessStartInfo("espeak-ng", ["-v", "en-us", "-w", path, text]) { RedirectStandardError = true })!;
        await espeak.WaitForExitAsync();
        Assert.True(espeak.ExitCode == 0 && new FileInfo(path).Length > 10_000, $"espeak-ng could not record the fake microphone: {await espeak.StandardError.ReadToEndAsync()}");
    }
}
