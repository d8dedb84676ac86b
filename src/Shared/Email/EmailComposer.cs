using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InterviewPlatform.Shared.Email;

/// <summary>
/// Builds interview emails from the embedded Liquid templates and string tables (see Templates/README.md).
/// Pure composition: nothing is sent, so the outbox can compose, store the Message-Id and send later.
/// </summary>
public sealed partial class EmailComposer(IOptions<EmailOptions> options, InterviewCalendar calendar, TimeProvider clock)
{
    public const string FallbackLanguage = "en";

    /// <summary>The languages with a strings table; a candidate in any other language gets English.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "es", "fr", "de", "pt", "hi", "zh", "ja", "ko", "ar", "ru", "it"];

    // UnicodeRanges.All keeps Arabic, Hindi, CJK... readable in the source instead of &#x...; entities; markup is still encoded.
    private static readonly HtmlEncoder _html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly EmailTemplates _templates = new();
    private readonly TemplateOptions _fluid = new();

    public MimeMessage ComposeForCandidate(EmailKind kind, InterviewEmailModel model, string messageId)
    {
        if (kind != EmailKind.Cancelled && string.IsNullOrWhiteSpace(model.JoinUrl))
        {
            throw new ArgumentException($"A {kind} email needs the candidate's JoinUrl", nameof(model));
        }
        if (kind == EmailKind.Rescheduled && model.PreviousSlotUtc is null)
        {
            throw new ArgumentException("A Rescheduled email needs PreviousSlotUtc", nameof(model));
        }

        var name = kind switch
        {
            EmailKind.Invitation => "invitation",
            EmailKind.Reminder24h or EmailKind.Reminder1h => "reminder",
            EmailKind.Rescheduled => "rescheduled",
            EmailKind.Cancelled => "cancelled",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var language = ResolveLanguage(model.Language);
        var culture = CultureFor(language);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(model.TimeZone);
        var strings = Substitute(_templates.Strings(language), model, kind, culture);

        var values = new Dictionary<string, string?>
        {
            ["lang"] = language,
            ["slot_local"] = Local(model.SlotUtc, zone, culture),
            ["previous_slot_local"] = model.PreviousSlotUtc is { } previous ? Local(previous, zone, culture) : null,
            ["time_zone"] = ZoneName(zone, model.SlotUtc),
            ["join_url"] = model.JoinUrl,
            ["duration_minutes"] = model.DurationMinutes.ToString(culture),
            ["company_name"] = model.CompanyName,
            ["job_title"] = model.JobTitle,
            ["candidate_name"] = model.CandidateName,
        };
        var htmlStrings = strings.ToDictionary(p => p.Key, p => _html.Encode(p.Value));
        var html = Render($"{name}.html", values, htmlStrings, _html);
        var text = Render($"{name}.txt", values, strings, NullEncoder.Default);

        var invite = kind switch
        {
            EmailKind.Invitation or EmailKind.Rescheduled => CalendarPart(model, cancel: false, CalendarTextOf(strings)),
            EmailKind.Cancelled => CalendarPart(model, cancel: true, CalendarTextOf(strings)),
            _ => null,
        };
        return Message(new MailboxAddress(model.CandidateName, model.CandidateEmail), strings[$"{name}_subject"], messageId, html, text, invite);
    }

    /// <summary>The hiring team's English copy. Reminders go to candidates only.</summary>
    public MimeMessage ComposeForRecruiter(EmailKind kind, InterviewEmailModel model, string recruiterEmail, string messageId)
    {
        if (kind == EmailKind.EvaluationReady) return ComposeEvaluationReady(model, recruiterEmail, messageId);
        var (name, headline) = kind switch
        {
            EmailKind.Invitation => ("recruiter-invitation", "Interview scheduled"),
            EmailKind.Rescheduled => ("recruiter-rescheduled", "Interview rescheduled"),
            EmailKind.Cancelled => ("recruiter-cancelled", "Interview cancelled"),
            _ => throw new ArgumentException($"Recruiters get no {kind} email", nameof(kind)),
        };
        var culture = CultureFor(FallbackLanguage);
        var values = new Dictionary<string, string?>
        {
            ["candidate_name"] = model.CandidateName,
            ["candidate_email"] = model.CandidateEmail,
            ["job_title"] = model.JobTitle,
            ["company_name"] = model.CompanyName,
            ["slot_utc"] = model.SlotUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ["slot_local"] = Local(model.SlotUtc, TimeZoneInfo.FindSystemTimeZoneById(model.TimeZone), culture),
            ["time_zone"] = ZoneName(TimeZoneInfo.FindSystemTimeZoneById(model.TimeZone), model.SlotUtc),
            ["join_url"] = model.RecruiterMonitorUrl,
            ["interview_id"] = model.InterviewId.ToString(),
        };
        var html = Render($"{name}.html", values, null, _html);
        var text = Render($"{name}.txt", values, null, NullEncoder.Default);
        var subject = $"{headline}: {model.CandidateName} – {model.JobTitle}";
        return Message(MailboxAddress.Parse(recruiterEmail), subject, messageId, html, text, invite: null);
    }

    /// <summary>The recruiter's "evaluation ready" email, in <see cref="InterviewEmailModel.Language"/> (the recruiter's, not the candidate's).</summary>
    public MimeMessage ComposeEvaluationReady(InterviewEmailModel model, string recruiterEmail, string messageId)
    {
        var evaluation = model.Evaluation ?? throw new ArgumentException("An EvaluationReady email needs the evaluation", nameof(model));
        var language = ResolveLanguage(model.Language);
        var culture = CultureFor(language);
        var strings = Substitute(_templates.Strings(language), model, EmailKind.EvaluationReady, culture);
        var values = new Dictionary<string, string?>
        {
            ["lang"] = language,
            ["score"] = evaluation.Score.ToString("0.0", culture),
            ["recommendation"] = strings.GetValueOrDefault($"recommendation_{evaluation.Recommendation}", evaluation.Recommendation),
            ["evaluator"] = evaluation.Evaluator,
            ["evaluation_url"] = evaluation.Url,
        };
        var html = Render("evaluation-ready.html", values, strings.ToDictionary(p => p.Key, p => _html.Encode(p.Value)), _html);
        var text = Render("evaluation-ready.txt", values, strings, NullEncoder.Default);
        return Message(MailboxAddress.Parse(recruiterEmail), strings["evaluation_ready_subject"], messageId, html, text, invite: null);
    }

    /// <summary>"pt-BR", "EN" and "fr_CA" pick their language's table; anything unknown gets English.</summary>
    public static string ResolveLanguage(string? language)
    {
        var code = (language ?? "").Trim().Split('-', '_')[0].ToLowerInvariant();
        return Languages.Contains(code) ? code : FallbackLanguage;
    }

    // Neutral "en" is en-US (12-hour clock, month first); en-GB reads unambiguously to an international audience.
    private static CultureInfo CultureFor(string language) =>
        CultureInfo.GetCultureInfo(language == FallbackLanguage ? "en-GB" : language);

    private static string Local(DateTimeOffset utc, TimeZoneInfo zone, CultureInfo culture) =>
        TimeZoneInfo.ConvertTime(utc, zone).ToString("f", culture);

    /// <summary>
    /// The zone by name as people say it, at the slot's date, with its offset and main city, e.g. "Central European Summer
    /// Time (Paris), UTC+02:00" rather than the IANA id "Europe/Paris". The names come from ICU in English: .NET offers no
    /// other language for them.
    /// </summary>
    public static string ZoneName(TimeZoneInfo zone, DateTimeOffset at)
    {
        var offset = zone.GetUtcOffset(at);
        var utc = offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm}";
        if (zone.Id is "UTC" or "Etc/UTC") return utc;
        var name = zone.IsDaylightSavingTime(at) ? zone.DaylightName : zone.StandardName;
        var slash = zone.Id.LastIndexOf('/');
        var city = slash >= 0 ? zone.Id[(slash + 1)..].Replace('_', ' ') : null;
        return city is null || name.Contains(city, StringComparison.Ordinal) ? $"{name}, {utc}" : $"{name} ({city}), {utc}";
    }

    /// <summary>Fills the placeholders in one pass, so a value that itself looks like "{job_title}" stays literal.</summary>
    private static Dictionary<string, string> Substitute(IReadOnlyDictionary<string, string> strings, InterviewEmailModel model, EmailKind kind, CultureInfo culture)
    {
        var values = new Dictionary<string, string>
        {
            ["candidate_name"] = model.CandidateName,
            ["job_title"] = model.JobTitle,
            ["company_name"] = model.CompanyName,
            ["duration_minutes"] = model.DurationMinutes.ToString(culture),
            ["when_relative"] = strings[kind == EmailKind.Reminder1h ? "when_relative_1h" : "when_relative_24h"],
        };
        return strings.ToDictionary(p => p.Key, p => Placeholder().Replace(p.Value, m => values[m.Groups[1].Value]));
    }

    private string Render(string template, Dictionary<string, string?> values, Dictionary<string, string>? strings, TextEncoder encoder)
    {
        var context = new TemplateContext(_fluid);
        foreach (var (key, value) in values)
        {
            context.SetValue(key, value is null ? NilValue.Instance : new StringValue(value));
        }
        if (strings is not null) context.SetValue("t", FluidValue.Create(strings, _fluid));
        return _templates.Template(template).Render(context, encoder);
    }

    private static CalendarText CalendarTextOf(Dictionary<string, string> strings) => new(strings["calendar_summary"], strings["join_button"]);

    private MimePart CalendarPart(InterviewEmailModel model, bool cancel, CalendarText text)
    {
        var part = new TextPart("calendar");
        part.SetText("utf-8", calendar.Build(model, cancel, options.Value.SenderEmail, text));
        // Mail clients show Accept/Decline (or remove the event) only when the part's method matches the METHOD inside.
        part.ContentType.Parameters.Add("method", cancel ? InterviewCalendar.Cancel : InterviewCalendar.Request);
        part.ContentType.Name = "invite.ics";
        part.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "invite.ics" };
        return part;
    }

    private MimeMessage Message(MailboxAddress to, string subject, string messageId, string html, string text, MimePart? invite)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        var body = new BodyBuilder { HtmlBody = html, TextBody = text };
        if (invite is not null) body.Attachments.Add(invite);

        var message = new MimeMessage
        {
            Subject = subject,
            MessageId = messageId,
            Date = clock.GetUtcNow(),
            Body = body.ToMessageBody(),
        };
        message.From.Add(options.Value.Sender);
        message.To.Add(to);
        // RFC 3834: keeps out-of-office replies from answering a no-reply sender.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        // 7-bit safe bodies, so a pickup file is byte-for-byte what any relay would accept.
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }

    [GeneratedRegex(@"\{(candidate_name|job_title|company_name|duration_minutes|when_relative)\}")]
    private static partial Regex Placeholder();
}
