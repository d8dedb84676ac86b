using System.Text.Json;
using System.Text.RegularExpressions;
using InterviewPlatform.Shared.Email;

namespace InterviewPlatform.Shared.Tests.Email;

/// <summary>The embedded Templates/ folder as the README promises it: every file present, every table complete.</summary>
public sealed partial class EmailResourcesTests
{
    private const string Prefix = "InterviewPlatform.Shared.Email.Templates.";
    private static readonly string[] _names = typeof(EmailComposer).Assembly.GetManifestResourceNames();

    [Fact]
    public void Every_template_and_strings_table_is_embedded_under_the_expected_name()
    {
        string[] templates = ["invitation", "reminder", "rescheduled", "cancelled", "recruiter-invitation", "recruiter-rescheduled", "recruiter-cancelled"];
        var expected = templates.SelectMany(t => new[] { $"{Prefix}{t}.html.liquid", $"{Prefix}{t}.txt.liquid" })
            .Concat(EmailComposer.Languages.Select(l => $"{Prefix}strings.{l}.json"));

        Assert.Empty(expected.Except(_names));
    }

    [Fact]
    public void Strings_tables_share_keys_and_placeholders_and_have_no_empty_values()
    {
        var english = Table("en");
        foreach (var language in EmailComposer.Languages)
        {
            var table = Table(language);
            Assert.True(english.Keys.ToHashSet().SetEquals(table.Keys), $"{language}.json keys differ from en.json");
            foreach (var (key, value) in table)
            {
                Assert.False(string.IsNullOrWhiteSpace(value), $"{language}.json {key} is empty");
                Assert.Equal(Placeholders(english[key]), Placeholders(value));
            }
        }
    }

    private static Dictionary<string, string> Table(string language)
    {
        using var stream = typeof(EmailComposer).Assembly.GetManifestResourceStream($"{Prefix}strings.{language}.json")!;
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!;
    }

    private static string[] Placeholders(string value) => [.. Placeholder().Matches(value).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{[a-z_]+\}")]
    private static partial Regex Placeholder();
}
