using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Sessions;
using InterviewPlatform.Shared.Speech;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.SessionServer.Sessions;

/// <summary>
/// What the candidate page shows before the interview starts (welcome, waiting room): who is hiring for what,
/// when, in which time zone (IANA id; the browser names it in the candidate's language), plus the session's state, and
/// the format spoken audio comes in (null when speech is off: the speaker test then says so and offers text only).
/// </summary>
public sealed record SessionPreview(
    SessionState State, string CompanyName, string JobTitle, DateTimeOffset ScheduledAt, int DurationMinutes, string TimeZone, AudioFormat? Audio)
{
    /// <summary>One query, once per page load: not on the answer path.</summary>
    public static async Task<SessionPreview> ReadAsync(PlatformDbContext db, SessionState state, AudioFormat? audio, CancellationToken ct)
    {
        var details = await db.Interviews.IgnoreQueryFilters().AsNoTracking().Where(i => i.Id == state.InterviewId)
            .Select(i => new { Company = i.Company.Name, i.JobDescription.Title, i.ScheduledAt, i.DurationMinutes, i.TimeZone })
            .SingleAsync(ct);
        return new SessionPreview(state, details.Company, details.Title, details.ScheduledAt, details.DurationMinutes, details.TimeZone, audio);
    }
}
