using System.Text.RegularExpressions;
using InterviewPlatform.Shared.Email;

namespace InterviewPlatform.Shared.Tests.Email;

/// <summary>The recruiter's "evaluation ready" email in each of the 12 languages.</summary>
public sealed partial class EvaluationReadyComposerTests
{
    private const string HostileName = "<script>alert(1)</script> O'Brien";
    private static readonly EmailComposer _composer = EmailTestData.Composer();

    private static InterviewEmailModel Model(string language) => EmailTestData.Model(language, HostileName) with
    {
        JoinUrl = null,
        Evaluation = new EvaluationFacts(Guid.NewGuid(), 7.25, "lean_no", "offline-concepts-minilm", "https://app.example/interviews/1/evaluation"),
    };

    public static TheoryData<string> Languages() => [.. EmailComposer.Languages];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Renders_completely_in_the_recruiters_language(string language)
    {
        var message = _composer.ComposeForRecruiter(EmailKind.EvaluationReady, Model(language), "recruiter@example.test", "m1@interview-platform");
        var english = _composer.ComposeForRecruiter(EmailKind.EvaluationReady, Model("en"), "recruiter@example.test", "m1@interview-platform");

        Assert.Equal("recruiter@example.test", message.To.Mailboxes.Single().Address);
        Assert.Contains("Backend Engineer", message.Subject);
        if (language != "en")
        {
            Assert.NotEqual(english.Subject, message.Subject);
            Assert.NotEqual(english.TextBody, message.TextBody);
        }
        foreach (var (part, body) in new[] { ("subject", message.Subject ?? ""), ("html", message.HtmlBody ?? ""), ("text", message.TextBody ?? "") })
        {
            Assert.True(Leftover().Match(body) is { Success: false }, $"{part} of {language} has leftover '{Leftover().Match(body).Value}':\n{body}");
        }
        Assert.Contains($"<html lang=\"{language}\" dir=\"{(language == "ar" ? "rtl" : "ltr")}\"", message.HtmlBody);
        Assert.Contains("&lt;script&gt;", message.HtmlBody);
        Assert.DoesNotContain("<script>", message.HtmlBody);
        Assert.Contains("https://app.example/interviews/1/evaluation", message.TextBody);
        Assert.Contains("offline-concepts-minilm", message.TextBody);
        Assert.DoesNotContain("lean_no", message.TextBody); // the recommendation is shown in words, not as its wire name
    }

    [Theory]
    [InlineData("en", "7.3 / 10", "Lean no")]
    [InlineData("de", "7,3 / 10", "Eher nein")]
    [InlineData("fr", "7,3 / 10", "Plutôt non")]
    [InlineData("ja", "7.3 / 10", "やや不採用")]
    public void Score_uses_the_recruiters_number_format_and_the_recommendation_is_translated(string language, string score, string recommendation)
    {
        var text = _composer.ComposeForRecruiter(EmailKind.EvaluationReady, Model(language), "r@example.test", "m1@x").TextBody;
        Assert.Contains(score, text);
        Assert.Contains(recommendation, text);
    }

    [Fact]
    public void Without_the_evaluation_it_refuses_to_compose()
    {
        Assert.Throws<ArgumentException>(() => _composer.ComposeForRecruiter(EmailKind.EvaluationReady, EmailTestData.Model("en"), "r@example.test", "m1@x"));
        Assert.ThrowsAny<ArgumentException>(() => _composer.ComposeForCandidate(EmailKind.EvaluationReady, Model("en"), "m1@x")); // never to a candidate
    }

    [GeneratedRegex(@"\{[a-z_]+\}|\{\{|\{%|\bt\.[a-z_]+")]
    private static partial Regex Leftover();
}
