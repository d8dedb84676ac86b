using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary><see cref="BrowserHost"/> on a node that speaks nothing (TTS_PROVIDER=none).</summary>
public sealed class SilentBrowserHost : BrowserHost
{
    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["TTS_PROVIDER"] = "none" });
}

/// <summary>A server without speech: the setup check says so and the interview goes on in text.</summary>
public sealed class CandidateTextOnlyTests(SilentBrowserHost host) : IClassFixture<SilentBrowserHost>
{
    [Fact]
    public async Task Without_speech_the_speaker_test_says_audio_is_unavailable_and_the_interview_continues_in_text()
    {
        var interview = await host.Server.ScheduleAsync(questions: 1);
        var page = await host.OpenAsync(interview);
        await BrowserHost.ConsentAsync(page);

        await page.ClickAsync("#speaker-test");
        await Assertions.Expect(page.Locator("#speaker-state"))
            .ToHaveTextAsync("Spoken questions are not available. You can continue: the questions will be shown as text.");
        await BrowserHost.AssertAccessibleAsync(page, "setup without speech");
        await page.ClickAsync("#setup-text-only");
        await page.ClickAsync("#start");

        await Assertions.Expect(page.Locator("#question-text")).ToHaveTextAsync("Question 1?");
        await Assertions.Expect(page.Locator("#replay")).ToBeHiddenAsync();
        await page.FillAsync("#answer", "Typed, since nothing is spoken");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#done")).ToBeVisibleAsync();
    }
}
