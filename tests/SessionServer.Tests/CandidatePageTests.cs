namespace InterviewPlatform.SessionServer.Tests;

public sealed class CandidatePageTests(SessionServerFactory server) : IClassFixture<SessionServerFactory>
{
    [Fact]
    public async Task A_join_link_opens_the_candidate_page_with_its_bundled_script()
    {
        var client = server.CreateClient();
        var page = await client.GetAsync($"/interview/{Guid.NewGuid()}?token=abc");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("/app/interview.js", html);
        Assert.DoesNotContain("//cdn", html);

        // The build bundled the official SignalR client and the page's own code (TypeScript) into one script.
        var script = await client.GetStringAsync("/app/interview.js");
        Assert.Contains("SubmitAnswer", script);
        Assert.Contains("Peek", script);
        Assert.Contains("/hubs/interview", script);
        Assert.Equal("image/svg+xml", (await client.GetAsync("/favicon.svg")).Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void Every_language_file_has_every_key_of_the_english_one_and_is_translated()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "SessionServer", "ClientApp", "src", "i18n");
        var english = Read(Path.Combine(folder, "en.json"));
        string[] languages = ["en", "es", "fr", "de", "pt", "hi", "zh", "ja", "ko", "ar", "ru", "it"];
        Assert.Equal(languages.Order(), Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order());
        foreach (var language in languages.Skip(1))
        {
            var table = Read(Path.Combine(folder, $"{language}.json"));
            Assert.Empty(english.Keys.Except(table.Keys).Select(k => $"{language}: {k} missing"));
            Assert.Empty(table.Keys.Except(english.Keys).Select(k => $"{language}: {k} unknown"));
            // Placeholders survive translation, and most sentences really are translated (names like "Python" may not be).
            foreach (var (key, text) in table)
            {
                var wanted = System.Text.RegularExpressions.Regex.Matches(english[key], @"\{\w+\}").Select(m => m.Value).Order();
                Assert.Equal(wanted, System.Text.RegularExpressions.Regex.Matches(text, @"\{\w+\}").Select(m => m.Value).Order());
            }
            var same = table.Count(kv => kv.Value == english[kv.Key]);
            Assert.True(same <= 3, $"{language}: {same} strings are the English ones");
        }
    }

    [Fact]
    public async Task The_page_source_type_checks()
    {
        // The build bundles with esbuild, which strips types without checking them: tsc does, here (node_modules come with the build).
        var start = new System.Diagnostics.ProcessStartInfo("npm", "run --silent check")
        {
            WorkingDirectory = Path.Combine(RepositoryRoot(), "src", "SessionServer", "ClientApp"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var tsc = System.Diagnostics.Process.Start(start)!;
        var output = tsc.StandardOutput.ReadToEndAsync();
        var errors = tsc.StandardError.ReadToEndAsync();
        await tsc.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        Assert.True(tsc.ExitCode == 0, $"tsc found errors:\n{await output}\n{await errors}");
    }

    private static Dictionary<string, string> Read(string path) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InterviewPlatform.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("InterviewPlatform.sln not found above the test's output");
    }
}
