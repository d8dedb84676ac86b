using System.Text.Json.Serialization;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Tenancy;

namespace InterviewPlatform.Shared.Interviews;

/// <summary>
/// One candidate's interview (v7's <c>interview_details_main</c>). Questions and answers are rows of
/// their own; status changes are conditional UPDATEs so two nodes cannot both make a transition.
/// </summary>
public sealed class Interview : IHasTimestamps, IAudited
{
    public Guid Id { get; set; }
    public int CompanyId { get; set; }
    public Company Company { get; set; } = null!;
    public int DepartmentId { get; set; }
    public int JobDescriptionId { get; set; }
    public JobDescription JobDescription { get; set; } = null!;
    public required string FullName { get; set; }
    public int Age { get; set; }
    public string? Sex { get; set; }
    public string? Phone { get; set; }
    public required string Email { get; set; }
    public required string Domain { get; set; }
    public string Language { get; set; } = "en";
    public InterviewMode Mode { get; set; } = InterviewMode.Static;
    public InterviewStatus Status { get; set; } = InterviewStatus.Scheduled;
    public DateTimeOffset ScheduledAt { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public int DurationMinutes { get; set; } = 30;
    public StoredFile? Resume { get; set; }
    public string? UserImage { get; set; }

    /// <summary>Raised by reschedule and cancel: candidate tokens carry it, so older links stop working.</summary>
    public int TokenVersion { get; set; } = 1;

    /// <summary>The calendar SEQUENCE of the invitation (.ics), raised on every change the candidate is told of.</summary>
    public int CalendarSequence { get; set; }

    /// <summary>When the candidate was last sent the current slot; reminders due before then are skipped.</summary>
    public DateTimeOffset InvitedAt { get; set; }

    /// <summary>
    /// The fencing token of the live session: raised each time a node takes the session over, and carried by
    /// every write that node makes, so a node that lost the session can never store anything.
    /// </summary>
    public long LeaseEpoch { get; set; }

    /// <summary>When the evaluation of the completed interview was handed to the job queue (the sweeper sets it).</summary>
    public DateTimeOffset? EvaluationEnqueuedAt { get; set; }

    public string? EvaluationResult { get; set; }

    /// <summary>A DYNAMIC interview's questions were rewritten by this generator (provider/model); null: as scheduled.</summary>
    public string? QuestionsGeneratedBy { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public string? CancelReason { get; set; }
    public int? CreatedByUserId { get; set; }
    public List<InterviewQuestion> Questions { get; set; } = [];
    public List<InterviewAnswer> Answers { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's xmin: a save based on a stale read (say, a reschedule racing the candidate's join) fails.</summary>
    public uint RowVersion { get; set; }

    int? IAudited.OwningCompanyId => CompanyId;

    public DateTimeOffset EndsAt => ScheduledAt.AddMinutes(DurationMinutes);
}

/// <summary>Spelled as v7 does.</summary>
public enum InterviewMode
{
    [JsonStringEnumMemberName("STATIC")] Static,
    [JsonStringEnumMemberName("DYNAMIC")] Dynamic,
}

public enum InterviewStatus
{
    Scheduled,
    InProgress,
    Completed,
    Evaluated,
    Cancelled,
    Expired,
}

/// <summary>The interview's own copy of a question: editing the JD later never changes it.</summary>
public sealed class InterviewQuestion : IQuestion
{
    public long Id { get; set; }
    public Guid InterviewId { get; set; }
    public int Ordinal { get; set; }
    public required string Text { get; set; }
    public string? ExpectedAnswer { get; set; }
    public List<string> Keywords { get; set; } = [];
    public QuestionKind Kind { get; set; }
    public int TimeLimitSeconds { get; set; }
    public string? CodeLanguage { get; set; }
    public string? StarterCode { get; set; }
}

/// <summary>One stored answer; unique per (interview, ordinal) and per client answer id.</summary>
public sealed class InterviewAnswer
{
    public long Id { get; set; }
    public Guid InterviewId { get; set; }
    public int Ordinal { get; set; }
    public Guid AnswerId { get; set; }
    public string? Text { get; set; }
    public string? Code { get; set; }
    public bool Unanswered { get; set; }

    /// <summary>The question's time ran out and the server stored the candidate's latest draft as the answer.</summary>
    public bool TimedOut { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? ClientSentAt { get; set; }
}
