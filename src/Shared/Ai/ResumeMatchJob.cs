using System.Text.Json;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InterviewPlatform.Shared.Ai;

/// <summary>Matches a newly scheduled interview's resume against its JD, once: a retry after the write finds it stored.</summary>
public sealed class ResumeMatchJob(PlatformDbContext db, ResumeMatcher matcher, TimeProvider clock, ILogger<ResumeMatchJob> log)
{
    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid interviewId, CancellationToken ct)
    {
        var interview = await db.Interviews.IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.Id == interviewId && !db.ResumeMatches.Any(m => m.InterviewId == i.Id))
            .Select(i => new { i.Domain, Resume = i.Resume!.Text, i.JobDescription.Title, i.JobDescription.Description, Keywords = i.Questions.Select(q => q.Keywords).ToList() })
            .SingleOrDefaultAsync(ct);
        if (interview is null) return;
        if (string.IsNullOrWhiteSpace(interview.Resume))
        {
            log.LogInformation("Interview {InterviewId}: the resume has no readable text, so it is not matched", interviewId);
            return;
        }
        var keywords = interview.Keywords.SelectMany(k => k).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var match = await matcher.MatchAsync(interview.Title, interview.Description, interview.Domain, keywords, interview.Resume, ct);
        db.ResumeMatches.Add(new InterviewResumeMatch { InterviewId = interviewId, Result = JsonSerializer.Serialize(match, PlatformHosting.JsonOptions), CreatedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return; // a retry that overlapped this one stored its match first
        }
        log.LogInformation("Interview {InterviewId}: resume match {Score}/100 by {Evaluator} ({Provider})", interviewId, match.Score, match.Evaluator, match.Provider);
    }
}
