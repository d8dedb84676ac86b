using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using InterviewPlatform.Admin.Api.Uploads;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Web;

namespace InterviewPlatform.Admin.Api.Interviews;

/// <summary>v7's schedule form (plus ours: scheduled_at, time_zone, duration_minutes), parsed with every bad field named.</summary>
public sealed partial record ScheduleForm(
    string FullName, int Age, string? Sex, string? Phone, string Email, int JobId, string? Domain, string Language, InterviewMode Mode,
    DateTimeOffset ScheduledAt, string TimeZone, int? DurationMinutes, string? UserImage, int? CompanyId, int? DepartmentId)
{
    public static ScheduleForm Parse(MultipartForm form, InterviewOptions options, DateTimeOffset now, List<FieldError> errors)
    {
        var fullName = form["full_name"];
        if (fullName is null || fullName.Length > 200) errors.Add(new FieldError("full_name", "is required, at most 200 characters"));

        var age = Int(form, "age", errors, required: true);
        if (age is not null and (< 16 or > 100)) errors.Add(new FieldError("age", "must be between 16 and 100"));

        var email = form["email_id"];
        if (email is null || email.Length > 320 || !new EmailAddressAttribute().IsValid(email)) errors.Add(new FieldError("email_id", "must be a valid email address"));

        var jobId = Int(form, "job_id", errors, required: true);

        var language = (form["language_preference"] ?? options.DefaultLanguage).ToLowerInvariant();
        if (!options.SupportedLanguages.Contains(language))
            errors.Add(new FieldError("language_preference", $"must be one of {string.Join(' ', options.SupportedLanguages)}"));

        var mode = InterviewMode.Static;
        if (form["mode"] is { } modeText && !WireEnum<InterviewMode>.TryParse(modeText, out mode)) errors.Add(new FieldError("mode", "must be STATIC or DYNAMIC"));

        var scheduledAt = now;
        if (form["scheduled_at"] is { } slot)
        {
            if (!HasOffset().IsMatch(slot) || !DateTimeOffset.TryParse(slot, CultureInfo.InvariantCulture, DateTimeStyles.None, out scheduledAt))
                errors.Add(new FieldError("scheduled_at", "must be an ISO-8601 time with an offset, e.g. 2026-12-01T14:30:00+01:00"));
            else if (scheduledAt < now.AddMinutes(-1))
                errors.Add(new FieldError("scheduled_at", "is in the past"));
        }

        var timeZone = form["time_zone"] ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)) errors.Add(new FieldError("time_zone", "must be an IANA time zone, e.g. Europe/Berlin"));

        var duration = Int(form, "duration_minutes", errors, required: false);
        if (duration is not null and (< 5 or > 240)) errors.Add(new FieldError("duration_minutes", "must be between 5 and 240"));

        if (form["sex"] is { Length: > 32 }) errors.Add(new FieldError("sex", "at most 32 characters"));
        if (form["phone"] is { Length: > 40 }) errors.Add(new FieldError("phone", "at most 40 characters"));
        if (form["domain"] is { Length: > 100 }) errors.Add(new FieldError("domain", "at most 100 characters"));

        return new ScheduleForm(fullName ?? "", age ?? 0, form["sex"], form["phone"], (email ?? "").Trim(), jobId ?? 0, form["domain"]?.ToLowerInvariant(),
            language, mode, scheduledAt.ToUniversalTime(), timeZone, duration, form["user_image"],
            Int(form, "company_id", errors, required: false), Int(form, "department_id", errors, required: false));
    }

    private static int? Int(MultipartForm form, string name, List<FieldError> errors, bool required)
    {
        var text = form[name];
        if (text is null)
        {
            if (required) errors.Add(new FieldError(name, "is required"));
            return null;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(new FieldError(name, "must be a whole number"));
        return null;
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
