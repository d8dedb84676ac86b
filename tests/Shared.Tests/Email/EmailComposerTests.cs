using System.Text.RegularExpressions;
using InterviewPlatform.Shared.Email;
using MimeKit;

namespace InterviewPlatform.Shared.Tests.Email;

public sealed partial class EmailComposerTests
{
    private const string HostileName = "<script>alert(1)</script> O'Brien";
    private static readonly EmailComposer _composer = EmailTestData.Composer();

    public static TheoryData<string, EmailKind> LanguagesAndKinds()
    {
        var data = new TheoryData<string, EmailKind>();
        foreach (var language in EmailComposer.Languages)
        {
            foreach (var kind in Enum.GetValues<EmailKind>().Where(k => k != EmailKind.EvaluationReady)) data.Add(language, kind); // recruiters only: EvaluationReadyComposerTests
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LanguagesAndKinds))]
    public void Every_language_and_kind_renders_completely(string language, EmailKind kind)
    {
        var message = _composer.ComposeForCandidate(kind, EmailTestData.Model(language, HostileName), "m1@interview-platform");
        var english = _composer.ComposeForCandidate(kind, EmailTestData.Model("en", HostileName), "m1@interview-platform");

        var (html, text) = (message.HtmlBody, message.TextBody);
        Assert.NotNull(html);
        Assert.NotNull(text);
        Assert.False(string.IsNullOrWhiteSpace(message.Subject));
        if (language != "en") Assert.NotEqual(english.Subject, message.Subject);
        Assert.Contains("Backend Engineer", message.Subject);
        foreach (var (part, body) in new[] { ("subject", message.Subject), ("html", html), ("text", text) })
        {
            Assert.True(Leftover().Match(body) is { Success: false }, $"{part} of {language}/{kind} has leftover '{Leftover().Match(body).Value}':\n{body}");
        }

        Assert.Contains($"<html lang=\"{language}\" dir=\"{(language == "ar" ? "rtl" : "ltr")}\"", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        // The zone by its name, offset and city, not its IANA id.
        Assert.Contains("India Standard Time (Kolkata)", html);
        Assert.Contains("India Standard Time (Kolkata), UTC+05:30", text);
        Assert.DoesNotContain("Asia/Kolkata", html);
        // The text part is not HTML: the name appears as typed.
        Assert.Contains(HostileName, text);
        Assert.DoesNotContain("&lt;", text);

        if (kind == EmailKind.Cancelled) Assert.DoesNotContain(EmailTestData.JoinUrl, text);
        else Assert.Contains(EmailTestData.JoinUrl, text);
    }

    [Theory]
    [InlineData("ar", "مع أطيب التحيات")]
    [InlineData("hi", "Acme की भर्ती टीम")]
    [InlineData("zh", "Acme 招聘团队")]
    [InlineData("ru", "С уважением")]
    public void Non_latin_text_stays_readable_in_html(string language, string expected)
    {
        var html = _composer.ComposeForCandidate(EmailKind.Invitation, EmailTestData.Model(language), "m1@x").HtmlBody;

        Assert.Contains(expected, html);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(45)]
    public void The_arabic_duration_reads_as_minutes_whatever_the_number(int minutes)
    {
        var text = _composer.ComposeForCandidate(EmailKind.Invitation, EmailTestData.Model("ar") with { DurationMinutes = minutes }, "m1@x").TextBody;

        // "N دقيقة" is only grammatical from 11 up; the label carries the unit instead.
        Assert.Contains($"المدة بالدقائق: {minutes}\n", text);
        Assert.DoesNotContain("دقيقة", text);
    }

    [Fact]
    public void Slot_is_shown_in_the_candidates_time_zone_and_language()
    {
        var english = _composer.ComposeForCandidate(EmailKind.Invitation, EmailTestData.Model("en"), "m1@x");
        var german = _composer.ComposeForCandidate(EmailKind.Invitation, EmailTestData.Model("de"), "m1@x");

        // 13:30 UTC is 19:00 in India (UTC+5:30). ICU versions differ in commas, so only the parts are pinned.
        Assert.Matches(@"When: Tuesday,? 1 December 2026,? 19:00\n", english.TextBody);
        Assert.DoesNotContain("13:30", english.TextBody);
        Assert.Matches(@"Dienstag, 1\. Dezember 2026,? 19:00", german.TextBody);
        Assert.Contains("19:00", german.HtmlBody);
    }

    [Fact]
    public void Rescheduled_email_shows_both_slots_and_reminders_say_when()
    {
        var model = EmailTestData.Model() with { PreviousSlotUtc = new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero) };

        var rescheduled = _composer.ComposeForCandidate(EmailKind.Rescheduled, model, "m1@x");
        var inADay = _composer.ComposeForCandidate(EmailKind.Reminder24h, model, "m2@x");
        var inAnHour = _composer.ComposeForCandidate(EmailKind.Reminder1h, model, "m3@x");

        Assert.Matches(@"New time: Tuesday,? 1 December 2026,? 19:00\n", rescheduled.TextBody);
        Assert.Matches(@"Previous time: Monday,? 30 November 2026,? 09:30\n", rescheduled.TextBody);
        Assert.Equal("Reminder: your interview for Backend Engineer starts in 24 hours", inADay.Subject);
        Assert.Equal("Reminder: your interview for Backend Engineer starts in 1 hour", inAnHour.Subject);
    }

    [Theory]
    [InlineData("xx", "en")]
    [InlineData("", "en")]
    [InlineData("pt-BR", "pt")]
    [InlineData("FR", "fr")]
    public void Language_is_resolved_with_english_fallback(string requested, string expected)
    {
        var message = _composer.ComposeForCandidate(EmailKind.Invitation, EmailTestData.Model(requested), "m1@x");

        Assert.Equal(expected, EmailComposer.ResolveLanguage(requested));
        Assert.Contains($"<html lang=\"{expected}\"", message.HtmlBody);
    }

    [Fact]
    public void Envelope_headers_come_from_settings_and_caller()
    {
        var message = _composer.ComposeForCandidate(EmailKind.Invitation, EmailTestData.Model(), "outbox-17@interview-platform");

        Assert.Equal("outbox-17@interview-platform", message.MessageId);
        Assert.Equal("\"Acme Talent\" <talent@acme.test>", message.From.ToString());
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal(("Jane Doe", "jane@example.test"), (to.Name, to.Address));
        Assert.Equal("Your interview for Backend Engineer at Acme", message.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), message.Date);
    }

    [Theory]
    [InlineData(EmailKind.Invitation, "REQUEST")]
    [InlineData(EmailKind.Rescheduled, "REQUEST")]
    [InlineData(EmailKind.Cancelled, "CANCEL")]
    [InlineData(EmailKind.Reminder24h, null)]
    [InlineData(EmailKind.Reminder1h, null)]
    public void Calendar_invitation_is_attached_where_the_event_changes(EmailKind kind, string? method)
    {
        var message = _composer.ComposeForCandidate(kind, EmailTestData.Model(), "m1@x");

        var calendars = message.BodyParts.OfType<TextPart>().Where(p => p.ContentType.MimeType == "text/calendar").ToList();
        if (method is null)
        {
            Assert.Empty(calendars);
            Assert.IsType<MultipartAlternative>(message.Body);
            return;
        }
        var ics = Assert.Single(calendars);
        Assert.Equal(method, ics.ContentType.Parameters["method"]);
        Assert.Equal("invite.ics", ics.ContentType.Name);
        Assert.Equal("invite.ics", ics.FileName);
        Assert.Contains($"METHOD:{method}", ics.Text!);
        Assert.NotNull(message.HtmlBody);
        Assert.NotNull(message.TextBody);
    }

    [Theory]
    [InlineData("fr", "Entretien : Backend Engineer (Acme)", "Rejoindre")]
    [InlineData("ja", "面接：Backend Engineer（Acme）", "面接")]
    [InlineData("ar", "مقابلة: Backend Engineer (Acme)", "المقابلة")]
    public void The_calendar_event_speaks_the_candidates_language_and_names_the_company_as_organiser(string language, string summary, string joinWord)
    {
        var message = _composer.ComposeForCandidate(EmailKind.Invitation, EmailTestData.Model() with { Language = language }, "m1@x");

        var ics = message.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar").Text!;
        var interview = Assert.Single(Ical.Net.Calendar.Load(ics)!.Events);
        Assert.Equal(summary, interview.Summary);
        Assert.Contains(joinWord, interview.Description!.Split(':')[0], StringComparison.Ordinal);
        Assert.EndsWith(EmailTestData.JoinUrl, interview.Description);
        Assert.Equal("Acme", interview.Organizer!.CommonName);
    }

    [Fact]
    public void Candidate_email_without_join_link_is_refused()
    {
        var model = EmailTestData.Model() with { JoinUrl = null };

        Assert.Throws<ArgumentException>(() => _composer.ComposeForCandidate(EmailKind.Invitation, model, "m1@x"));
        Assert.NotNull(_composer.ComposeForCandidate(EmailKind.Cancelled, model, "m1@x").TextBody);
    }

    [Fact]
    public void Recruiter_copy_is_english_with_utc_time_and_monitor_link()
    {
        var model = EmailTestData.Model("ja", HostileName);

        var message = _composer.ComposeForRecruiter(EmailKind.Invitation, model, "lead@acme.test", "r1@interview-platform");

        Assert.Equal($"Interview scheduled: {HostileName} – Backend Engineer", message.Subject);
        Assert.Equal("lead@acme.test", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("r1@interview-platform", message.MessageId);
        Assert.Contains("Time (UTC): 2026-12-01 13:30 UTC", message.TextBody);
        Assert.Matches(@"Candidate’s local time: Tuesday,? 1 December 2026,? 19:00\n", message.TextBody);
        Assert.Contains(EmailTestData.MonitorUrl, message.TextBody);
        Assert.Contains(EmailTestData.MonitorUrl, message.HtmlBody);
        Assert.DoesNotContain("<script>", message.HtmlBody);
        Assert.Empty(message.Attachments);
    }

    [Theory]
    [InlineData(EmailKind.Rescheduled, "Interview rescheduled: Jane Doe – Backend Engineer")]
    [InlineData(EmailKind.Cancelled, "Interview cancelled: Jane Doe – Backend Engineer")]
    public void Recruiter_subjects_follow_the_kind(EmailKind kind, string subject)
    {
        var message = _composer.ComposeForRecruiter(kind, EmailTestData.Model() with { RecruiterMonitorUrl = null }, "lead@acme.test", "r1@x");

        Assert.Equal(subject, message.Subject);
        Assert.DoesNotContain("Interview monitor", message.TextBody);
        Assert.DoesNotMatch(Leftover(), message.HtmlBody ?? "");
    }

    [Theory]
    [InlineData(EmailKind.Reminder24h)]
    [InlineData(EmailKind.Reminder1h)]
    public void Recruiters_get_no_reminders(EmailKind kind) =>
        Assert.Throws<ArgumentException>(() => _composer.ComposeForRecruiter(kind, EmailTestData.Model(), "lead@acme.test", "r1@x"));

    /// <summary>A strings-table placeholder, a Liquid tag, or a <c>t.key</c> that did not resolve.</summary>
    [GeneratedRegex(@"\{[a-z_]+\}|\{\{|\{%|\bt\.[a-z_]+")]
    private static partial Regex Leftover();
}
