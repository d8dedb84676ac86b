using System.Text.Json;
using InterviewPlatform.Shared.Configuration;
using InterviewPlatform.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InterviewPlatform.Shared.Ai;

/// <summary>Matches a newly scheduled interview's resume against its JD, once: a retry after the write finds it stored.</summary>
public sealed class ResumeMatchJob(PlatformDbContext db, ResumeMatcher matcher, ILogger<ResumeMatchJob> log)
{
    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid interviewId, CancellationToken ct)
    {
        var interview = await db.Interviews.IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.Id == interviewId && i.ResumeMatch == null)
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
        var json = JsonSerializer.Serialize(match, PlatformHosting.JsonOptions);
        await db.Interviews.IgnoreQueryFilters().Where(i => i.Id == interviewId && i.ResumeMatch == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ResumeMatch, json), ct);
        log.LogInformation("Interview {InterviewId}: resume match {Score}/100 by {Evaluator} ({Provider})", interviewId, match.Score, match.Evaluator, match.Provider);
    }
}
