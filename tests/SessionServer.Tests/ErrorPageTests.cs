using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace InterviewPlatform.SessionServer.Tests;

/// <summary>Every link that cannot be used says why, in the candidate's language (from the link), and passes axe.</summary>
public sealed class ErrorPageTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Theory]
    [InlineData("invalid", "en", "This is not a valid interview link.")]
    [InlineData("expired", "es", "El enlace de esta entrevista ha caducado.")]
    [InlineData("cancelled", "fr", "Cet entretien a été annulé.")]
    [InlineData("replaced", "de", "Eine neuere Einladung hat diesen Link ersetzt")]
    [InlineData("too_early", "ja", "まだ早すぎます")]
    [InlineData("completed", "ar", "هذه المقابلة مكتملة بالفعل")]
    public async Task A_link_that_cannot_be_used_says_why_in_the_candidates_language(string why, string language, string expected)
    {
        var slot = why switch
        {
            "expired" => DateTimeOffset.UtcNow.AddDays(-3),
            "too_early" => DateTimeOffset.UtcNow.AddHours(3),
            _ => DateTimeOffset.UtcNow,
        };
        var interview = await host.InLanguageAsync(await host.Server.ScheduleAsync(slot: slot), language);
        var token = why == "invalid" ? "not-a-token" : host.Server.CandidateToken(interview);
        await using (var db = host.Server.Database.CreateContext())
        {
            var row = db.Interviews.Where(i => i.Id == interview.Id);
            if (why == "cancelled") await row.ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Cancelled));
            if (why == "replaced") await row.ExecuteUpdateAsync(s => s.SetProperty(i => i.TokenVersion, 2));
            if (why == "completed") await row.ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed));
        }

        var page = await host.OpenAsync(interview, token: token);
        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error-text")).ToContainTextAsync(expected);
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(language == "ar" ? "rtl" : "ltr", await page.GetAttributeAsync("html", "dir"));
        await BrowserHost.AssertAccessibleAsync(page, $"{why} ({language})");
    }
}
