using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace InterviewPlatform.Admin.Api.Uploads;

/// <summary>
/// The multipart forms as OpenAPI describes them (<c>.Accepts&lt;T&gt;("multipart/form-data")</c>). The endpoints read
/// the body themselves, streaming (<see cref="MultipartForm"/>); these records only tell clients what to send.
/// </summary>
public static class MultipartBodies
{
    public const string ContentType = "multipart/form-data";
    private const string FileRule = "pdf, docx, doc or txt, judged by content; at most MAX_FILE_SIZE bytes (10 MiB by default), else 413";

    /// <summary>v7's schedule form plus ours (scheduled_at, time_zone, duration_minutes, company_id, department_id).</summary>
    public sealed record Schedule(
        [property: Required, MaxLength(200)] string FullName,
        [property: Required, Range(16, 100)] int Age,
        [property: MaxLength(32)] string? Sex,
        [property: MaxLength(40)] string? Phone,
        [property: Required, MaxLength(320)] string EmailId,
        [property: Required] int JobId,
        [property: MaxLength(100)] string? Domain,
        [property: Description("en es fr de pt hi zh ja ko ar ru it; DEFAULT_LANGUAGE when absent")] string? LanguagePreference,
        [property: Description("STATIC (the job's questions) or DYNAMIC (generated)")] string? Mode,
        [property: Description("ISO-8601 with an offset; now when absent")] DateTimeOffset? ScheduledAt,
        [property: Description("IANA time zone, e.g. Europe/Berlin; UTC when absent")] string? TimeZone,
        [property: Range(5, 240)] int? DurationMinutes,
        string? UserImage,
        [property: Description("super admins only: the job's company")] int? CompanyId,
        int? DepartmentId,
        [property: Required, Description("The resume, one file: " + FileRule)] IFormFile Resume);

    public sealed record JdFile([property: Required, Description("The job description, one file: " + FileRule)] IFormFile File);
}
