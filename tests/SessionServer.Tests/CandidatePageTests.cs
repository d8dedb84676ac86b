namespace InterviewPlatform.SessionServer.Tests;

public sealed class CandidatePageTests(SessionServerFactory server) : IClassFixture<SessionServerFactory>
{
    [Fact]
    public async Task A_join_link_opens_the_candidate_page_with_the_official_signalr_client()
    {
        var client = server.CreateClient();
        var page = await client.GetAsync($"/interview/{Guid.NewGuid()}?token=abc");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/lib/signalr.min.js", html);
        Assert.Contains("/interview.js", html);

        var script = await client.GetStringAsync("/interview.js");
        Assert.Contains("SubmitAnswer", script);
        Assert.Contains("HubConnectionBuilder", await client.GetStringAsync("/lib/signalr.min.js"));
    }
}
