using InterviewPlatform.Admin.Api.JobDescriptions;
using InterviewPlatform.Shared.Interviews;

namespace InterviewPlatform.Admin.Api.Interviews;

/// <summary>The fields v7's <c>GET /interview/{unique_id}</c> returns, built from rows instead of JSON blobs.</summary>
public sealed record V7Interview(
    Guid UniqueId, int CompanyId, int DepartmentId, string FullName, int Age, string? Sex, string? Phone, string EmailId, int JobId,
    string Domain, IReadOnlyList<QuestionDto> InterviewQuestions, IReadOnlyList<V7Answer> InterviewAnswers, object? EvaluationResult,
    InterviewStatus Status, DateTimeOffset ScheduledAt, string LanguagePreference, InterviewMode Mode, DateTimeOffset CreatedAt,
    string TimeZone, int DurationMinutes, V7Resume? Resume, IReadOnlyList<IntegrityEntry> IntegrityEvents, object? ResumeMatch, string? QuestionsGeneratedBy)
{
    public static V7Interview From(Interview i, IReadOnlyList<IntegrityEntry> integrity, string? resumeMatch = null,
        IReadOnlyList<V7Recording>? recordings = null) => new(
        i.Id, i.CompanyId, i.DepartmentId, i.FullName, i.Age, i.Sex, i.Phone, i.Email, i.JobDescriptionId, i.Domain,
        i.Questions.OrderBy(q => q.Ordinal).Select(q => QuestionDto.From(q.Ordinal, q)).ToList(),
        i.Answers.OrderBy(a => a.Ordinal).Select(a => new V7Answer(a.Ordinal, a.Text, a.Code, a.Unanswered, a.SubmittedAt,
            recordings?.FirstOrDefault(r => r.Ordinal == a.Ordinal) is { } r ? r with { AudioUrl = r.AudioPurgedAt is null ? $"/interview/{i.Id}/answers/{a.Ordinal}/audio" : null } : null)).ToList(),
        i.EvaluationResult is null ? null : System.Text.Json.JsonDocument.Parse(i.EvaluationResult).RootElement,
        i.Status, i.ScheduledAt, i.Language, i.Mode, i.CreatedAt, i.TimeZone, i.DurationMinutes,
        i.Resume is { } r ? new V7Resume(r.FileName, r.ContentType, r.Length, !r.TextFailed, r.TextError) : null, integrity,
        resumeMatch is null ? null : System.Text.Json.JsonDocument.Parse(resumeMatch).RootElement, i.QuestionsGeneratedBy);
}

/// <param name="Recording">Ours: set when the answer was spoken; its text is then the transcript, or null while the transcript is pending.</param>
public sealed record V7Answer(int Ordinal, string? Answer, string? Code, bool Unanswered, DateTimeOffset SubmittedAt, V7Recording? Recording = null);

/// <summary>
/// A spoken answer's recording (played from <see cref="AudioUrl"/>) and where its transcript came from. Once the retention
/// job has purged the audio, <see cref="AudioPurgedAt"/> says when and <see cref="AudioUrl"/> is null; the rest stays.
/// </summary>
public sealed record V7Recording(int Ordinal, string ContentType, int Length, int DurationMs, Shared.Speech.TranscriptStatus TranscriptStatus,
    string? TranscriptProvider, string? TranscriptModel, double? TranscriptConfidence, DateTimeOffset? TranscribedAt,
    DateTimeOffset? AudioPurgedAt = null, string? AudioUrl = null);

public sealed record V7Resume(string FileName, string ContentType, long Length, bool TextExtracted, string? TextError);

/// <summary>Ours: the session's integrity timeline (connections, takeovers, focus, paste, full-screen exits).</summary>
public sealed record IntegrityEntry(Shared.Sessions.IntegrityEventKind Kind, string? Detail, DateTimeOffset At, string? IpAddress);
