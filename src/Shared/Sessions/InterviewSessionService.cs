using Hangfire;
using InterviewPlatform.Shared.Data;
using InterviewPlatform.Shared.Interviews;
using Microsoft.EntityFrameworkCore;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>
/// The live interview's rules, with PostgreSQL as the only state: any node can serve any call. The
/// caller is a candidate (checked by the hub), not a tenant user, so queries bypass the tenant filters. The
/// server owns order and time; every transition is a conditional UPDATE, every answer an insert that
/// the unique (interview, ordinal) and answer-id indexes make idempotent.
/// </summary>
public sealed class InterviewSessionService(PlatformDbContext db, TimeProvider clock, IBackgroundJobClient jobs)
{
    public const int MaxAnswerChars = 20_000;
    public const int MaxCodeChars = 100_000;

    /// <summary>Network slack for an answer sent just before its time ran out.</summary>
    public static readonly TimeSpan SubmitGrace = TimeSpan.FromSeconds(5);

    public async Task<SessionState> JoinAsync(Guid interviewId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.Interviews.IgnoreQueryFilters().Where(i => i.Id == interviewId && i.Status == InterviewStatus.Scheduled)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.InProgress).SetProperty(i => i.StartedAt, now)
                .SetProperty(i => i.UpdatedAt, now), ct);
        var (interview, answers) = await AdvanceAsync(interviewId, ct);
        return State(interview, answers);
    }

    public async Task<SessionState> StateAsync(Guid interviewId, CancellationToken ct)
    {
        var (interview, answers) = await AdvanceAsync(interviewId, ct);
        return State(interview, answers);
    }

    public async Task<SubmitOutcome> SubmitAsync(Guid interviewId, Guid answerId, int ordinal, string? text, string? code,
        DateTimeOffset? clientSentAt, CancellationToken ct)
    {
        if (text?.Length > MaxAnswerChars || code?.Length > MaxCodeChars)
            throw new SessionRefusedException(RefusalCodes.AnswerTooLarge, $"Answers are limited to {MaxAnswerChars} characters of text and {MaxCodeChars} of code");

        // A retry of an answer already stored gets the same acknowledgement.
        if (await db.InterviewAnswers.AsNoTracking().SingleOrDefaultAsync(a => a.AnswerId == answerId, ct) is { } earlier)
        {
            if (earlier.InterviewId != interviewId) throw new SessionRefusedException(RefusalCodes.WrongOrdinal, "This answer id belongs to another interview");
            return new SubmitOutcome(Ack(earlier), await StateAsync(interviewId, ct));
        }

        var (interview, answers) = await AdvanceAsync(interviewId, ct);
        if (answers.FirstOrDefault(a => a.Ordinal == ordinal) is { } stored)
        {
            if (stored.Unanswered)
            {
                EnsureInProgress(interview);
                throw new SessionRefusedException(RefusalCodes.TimeLimitPassed, $"The time for question {ordinal} ran out");
            }
            return new SubmitOutcome(Ack(stored), State(interview, answers)); // same question sent again under another id
        }
        EnsureInProgress(interview);
        var current = Current(interview, answers);
        if (current is null || current.Ordinal != ordinal)
            throw new SessionRefusedException(RefusalCodes.WrongOrdinal, $"The current question is {current?.Ordinal.ToString() ?? "none"}, not {ordinal}");

        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO interview_answers (interview_id, ordinal, answer_id, text, code, unanswered, submitted_at, client_sent_at)
            VALUES ({interviewId}, {ordinal}, {answerId}, {text}, {code}, FALSE, {now}, {clientSentAt})
            ON CONFLICT DO NOTHING
            """, ct);
        // Whoever won a race for this ordinal, its row is the one acknowledged.
        var winner = await db.InterviewAnswers.AsNoTracking().SingleAsync(a => a.InterviewId == interviewId && a.Ordinal == ordinal, ct);
        answers.Add(winner);
        if (Current(interview, answers) is null)
        {
            await CompleteAsync(interviewId, ct);
            interview.Status = InterviewStatus.Completed;
        }
        return new SubmitOutcome(Ack(winner), State(interview, answers));
    }

    /// <summary>The candidate ends early: what is left is recorded as unanswered.</summary>
    public async Task<SessionState> FinishAsync(Guid interviewId, CancellationToken ct)
    {
        var (interview, answers) = await LoadAsync(interviewId, ct);
        if (interview.Status == InterviewStatus.InProgress)
        {
            var now = clock.GetUtcNow();
            foreach (var question in interview.Questions.Where(q => answers.All(a => a.Ordinal != q.Ordinal)))
            {
                await InsertUnansweredAsync(interviewId, question.Ordinal, now, ct);
            }
            await CompleteAsync(interviewId, ct);
        }
        (interview, answers) = await LoadAsync(interviewId, ct);
        return State(interview, answers);
    }

    public async Task RecordAsync(Guid interviewId, IntegrityEventKind kind, string? detail, string? ip, string? connectionId, CancellationToken ct)
    {
        db.IntegrityEvents.Add(new IntegrityEvent
        {
            InterviewId = interviewId,
            Kind = kind,
            Detail = detail?.Length > 500 ? detail[..500] : detail,
            At = clock.GetUtcNow(),
            IpAddress = ip,
            ConnectionId = connectionId,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Brings the session up to the server's clock: each question whose time ran out (even while nobody
    /// was connected) becomes an unanswered row starting the next one's clock; when all are done or the
    /// interview's own time is up, it completes.
    /// </summary>
    private async Task<(Interview, List<InterviewAnswer>)> AdvanceAsync(Guid interviewId, CancellationToken ct)
    {
        var (interview, answers) = await LoadAsync(interviewId, ct);
        if (interview.Status != InterviewStatus.InProgress) return (interview, answers);

        var now = clock.GetUtcNow();
        var deadline = interview.StartedAt!.Value.AddMinutes(interview.DurationMinutes);
        var changed = false;
        while (Current(interview, answers) is { } current)
        {
            var start = QuestionStart(interview, answers);
            var end = start.AddSeconds(current.TimeLimitSeconds);
            if (now < deadline && now <= end + SubmitGrace) break;
            var at = end < deadline ? end : deadline;
            await InsertUnansweredAsync(interviewId, current.Ordinal, at, ct);
            answers.Add(new InterviewAnswer { InterviewId = interviewId, Ordinal = current.Ordinal, Unanswered = true, SubmittedAt = at });
            changed = true;
        }
        if (Current(interview, answers) is null)
        {
            await CompleteAsync(interviewId, ct);
            changed = true;
        }
        return changed ? await LoadAsync(interviewId, ct) : (interview, answers);
    }

    private async Task CompleteAsync(Guid interviewId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var completed = await db.Interviews.IgnoreQueryFilters().Where(i => i.Id == interviewId && i.Status == InterviewStatus.InProgress)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed).SetProperty(i => i.CompletedAt, now)
                .SetProperty(i => i.UpdatedAt, now), ct);
        if (completed == 1) jobs.Enqueue<Evaluation.EvaluateInterviewJob>(j => j.RunAsync(interviewId, CancellationToken.None));
    }

    private Task InsertUnansweredAsync(Guid interviewId, int ordinal, DateTimeOffset at, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO interview_answers (interview_id, ordinal, answer_id, unanswered, submitted_at)
            VALUES ({interviewId}, {ordinal}, {Guid.NewGuid()}, TRUE, {at})
            ON CONFLICT DO NOTHING
            """, ct);

    private async Task<(Interview, List<InterviewAnswer>)> LoadAsync(Guid interviewId, CancellationToken ct)
    {
        var interview = await db.Interviews.IgnoreQueryFilters().AsNoTracking().Include(i => i.Questions)
            .SingleOrDefaultAsync(i => i.Id == interviewId, ct)
            ?? throw new SessionRefusedException(RefusalCodes.NotACandidateToken, "This interview does not exist");
        var answers = await db.InterviewAnswers.AsNoTracking().Where(a => a.InterviewId == interviewId).OrderBy(a => a.Ordinal).ToListAsync(ct);
        return (interview, answers);
    }

    private static void EnsureInProgress(Interview interview)
    {
        switch (interview.Status)
        {
            case InterviewStatus.InProgress: return;
            case InterviewStatus.Cancelled: throw new SessionRefusedException(RefusalCodes.InterviewCancelled, "This interview was cancelled");
            case InterviewStatus.Expired: throw new SessionRefusedException(RefusalCodes.InterviewExpired, "This interview has expired");
            case InterviewStatus.Scheduled: throw new SessionRefusedException(RefusalCodes.NotJoined, "Join the interview first");
            default: throw new SessionRefusedException(RefusalCodes.InterviewCompleted, "This interview is already completed");
        }
    }

    private static InterviewQuestion? Current(Interview interview, List<InterviewAnswer> answers) =>
        interview.Questions.OrderBy(q => q.Ordinal).FirstOrDefault(q => answers.All(a => a.Ordinal != q.Ordinal));

    private static DateTimeOffset QuestionStart(Interview interview, List<InterviewAnswer> answers) =>
        answers.Count == 0 ? interview.StartedAt!.Value : answers.Max(a => a.SubmittedAt);

    private SessionState State(Interview interview, List<InterviewAnswer> answers)
    {
        var now = clock.GetUtcNow();
        var current = interview.Status == InterviewStatus.InProgress ? Current(interview, answers) : null;
        var deadline = (interview.StartedAt ?? now).AddMinutes(interview.DurationMinutes);
        int? questionLeft = current is null ? null
            : (int)Math.Max(0, Math.Ceiling((QuestionStart(interview, answers).AddSeconds(current.TimeLimitSeconds) - now).TotalSeconds));
        return new SessionState(interview.Id, interview.Status, interview.FullName, interview.Language, interview.Questions.Count,
            current is null ? null : new CurrentQuestion(current.Ordinal, current.Text, current.Kind, current.TimeLimitSeconds, current.CodeLanguage, current.StarterCode),
            answers.Where(a => !a.Unanswered).Select(a => a.Ordinal).ToList(),
            questionLeft, (int)Math.Max(0, Math.Ceiling((deadline - now).TotalSeconds)), now);
    }

    private static AnswerAccepted Ack(InterviewAnswer answer) => new(answer.AnswerId, answer.Ordinal, answer.SubmittedAt);
}
