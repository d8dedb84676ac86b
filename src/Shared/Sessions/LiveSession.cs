using InterviewPlatform.Shared.Interviews;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>
/// One interview as the node that owns it holds it in memory: its questions, the answers stored so far and
/// the clocks. Pure rules, no I/O: <see cref="SessionEngine"/> decides with it, writes through
/// <see cref="SessionWriter"/>, and applies a change here only after the database committed it.
/// Callers hold <see cref="Gate"/> while they read or change it.
/// </summary>
public sealed class LiveSession
{
    public const int MaxAnswerChars = 20_000;
    public const int MaxCodeChars = 100_000;

    /// <summary>Network slack for an answer sent just before its time ran out.</summary>
    public static readonly TimeSpan SubmitGrace = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<LiveQuestion> _questions;
    private readonly Dictionary<int, StoredAnswer> _answers;
    private readonly Dictionary<int, DraftAnswer> _drafts;

    public LiveSession(SessionSnapshot snapshot)
    {
        InterviewId = snapshot.InterviewId;
        Epoch = snapshot.Epoch;
        Status = snapshot.Status;
        ScheduledAt = snapshot.ScheduledAt;
        StartedAt = snapshot.StartedAt;
        DurationMinutes = snapshot.DurationMinutes;
        CandidateName = snapshot.CandidateName;
        Language = snapshot.Language;
        TokenVersion = snapshot.TokenVersion;
        _questions = snapshot.Questions;
        _answers = snapshot.Answers.ToDictionary(a => a.Ordinal);
        _drafts = snapshot.Drafts.Where(d => !_answers.ContainsKey(d.Ordinal)).ToDictionary(d => d.Ordinal);
    }

    public Guid InterviewId { get; }

    /// <summary>The fencing token this node writes with.</summary>
    public long Epoch { get; }

    public InterviewStatus Status { get; private set; }
    /// <summary>The slot: the interview cannot be started before it (the page's waiting room counts down to it).</summary>
    public DateTimeOffset ScheduledAt { get; }

    public DateTimeOffset? StartedAt { get; private set; }
    public int DurationMinutes { get; }
    public string CandidateName { get; }
    public string Language { get; }
    public int TokenVersion { get; }

    /// <summary>The format of the questions' audio stream, or null when the node speaks no audio.</summary>
    public Speech.AudioFormat? Audio { get; init; }

    /// <summary>Serialises the session's calls (the candidate's and the node's timer).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Set when a write's outcome is unknown or was fenced: the session must be reloaded before use.</summary>
    public bool Stale { get; set; }

    /// <summary>The candidate connection on this node that hears about server-driven changes (time-outs).</summary>
    public string? ConnectionId { get; set; }

    public int QuestionCount => _questions.Count;

    public LiveQuestion? Current => Status == InterviewStatus.InProgress ? FirstOpen() : null;

    public StoredAnswer? AnswerById(Guid answerId) => _answers.Values.FirstOrDefault(a => a.AnswerId == answerId);

    public StoredAnswer? AnswerFor(int ordinal) => _answers.GetValueOrDefault(ordinal);

    /// <summary>The latest saved draft of a question not yet answered, if it holds anything.</summary>
    public DraftAnswer? DraftFor(int ordinal) => _drafts.GetValueOrDefault(ordinal) is { IsEmpty: false } draft ? draft : null;

    public void Drafted(DraftAnswer draft) => _drafts[draft.Ordinal] = draft;

    /// <summary>When the interview's own time runs out; none before it starts.</summary>
    public DateTimeOffset Deadline => StartedAt?.AddMinutes(DurationMinutes) ?? DateTimeOffset.MaxValue;

    /// <summary>When the current question's clock (with grace) or the interview's runs out, whichever is first.</summary>
    public DateTimeOffset? NextTimeout => Current is { } current
        ? Min(QuestionStart().AddSeconds(current.TimeLimitSeconds) + SubmitGrace, Deadline)
        : null;

    /// <summary>
    /// The questions whose time ran out by <paramref name="now"/> (even while nobody was connected), each
    /// with the time it ended; the next one's clock starts there.
    /// </summary>
    public IReadOnlyList<(int Ordinal, DateTimeOffset At)> Overdue(DateTimeOffset now)
    {
        if (Status != InterviewStatus.InProgress) return [];
        var overdue = new List<(int, DateTimeOffset)>();
        var start = QuestionStart();
        foreach (var question in _questions.Where(q => !_answers.ContainsKey(q.Ordinal)))
        {
            var end = start.AddSeconds(question.TimeLimitSeconds);
            if (now < Deadline && now <= end + SubmitGrace) break;
            var at = Min(end, Deadline);
            overdue.Add((question.Ordinal, at));
            start = at;
        }
        return overdue;
    }

    /// <summary>The ordinals still open, for a candidate who ends early.</summary>
    public IReadOnlyList<int> Open => _questions.Where(q => !_answers.ContainsKey(q.Ordinal)).Select(q => q.Ordinal).ToList();

    /// <summary>Would storing these ordinals leave nothing open?</summary>
    public bool Completes(IEnumerable<int> ordinals) => _questions.All(q => _answers.ContainsKey(q.Ordinal) || ordinals.Contains(q.Ordinal));

    public void Started(DateTimeOffset at)
    {
        Status = InterviewStatus.InProgress;
        StartedAt ??= at;
    }

    public void Stored(StoredAnswer answer)
    {
        _answers[answer.Ordinal] = answer;
        _drafts.Remove(answer.Ordinal);
    }

    public void MarkCompleted() => Status = InterviewStatus.Completed;

    public SessionState State(DateTimeOffset now)
    {
        var current = Current;
        int? questionLeft = current is null ? null
            : (int)Math.Max(0, Math.Ceiling((QuestionStart().AddSeconds(current.TimeLimitSeconds) - now).TotalSeconds));
        var deadline = (StartedAt ?? now).AddMinutes(DurationMinutes);
        return new SessionState(InterviewId, Status, CandidateName, Language, _questions.Count,
            current is null ? null : new CurrentQuestion(current.Ordinal, current.Text, current.Kind, current.TimeLimitSeconds, current.CodeLanguage, current.StarterCode, Audio,
                DraftFor(current.Ordinal)),
            _answers.Values.Where(a => !a.Unanswered).Select(a => a.Ordinal).Order().ToList(),
            questionLeft, (int)Math.Max(0, Math.Ceiling((deadline - now).TotalSeconds)), now);
    }

    /// <summary>Refuses an answer or draft that is too large or holds control characters, before any session is touched.</summary>
    public static void EnsureAcceptable(string? text, string? code)
    {
        if (text?.Length > MaxAnswerChars || code?.Length > MaxCodeChars)
        {
            throw new SessionRefusedException(RefusalCodes.AnswerTooLarge,
                $"Answers are limited to {MaxAnswerChars} characters of text and {MaxCodeChars} of code");
        }
        if (!IsAcceptableText(text) || !IsAcceptableText(code))
        {
            throw new SessionRefusedException(RefusalCodes.InvalidText, "Answers may not contain control characters other than tab and newline");
        }
    }

    /// <summary>Refuses unless <paramref name="ordinal"/> is the open, current question (time-outs recorded first by the caller).</summary>
    public LiveQuestion EnsureCurrent(int ordinal)
    {
        if (AnswerFor(ordinal) is { } stored)
        {
            EnsureInProgress();
            throw stored.RanOut
                ? new SessionRefusedException(RefusalCodes.TimeLimitPassed, $"The time for question {ordinal} ran out")
                : new SessionRefusedException(RefusalCodes.AlreadyAnswered, $"Question {ordinal} is already answered");
        }
        EnsureInProgress();
        return Current is { } current && current.Ordinal == ordinal ? current
            : throw new SessionRefusedException(RefusalCodes.WrongOrdinal, $"The current question is {Current?.Ordinal.ToString() ?? "none"}, not {ordinal}");
    }

    public void EnsureInProgress() => EnsureInProgress(Status);

    public static void EnsureInProgress(InterviewStatus status)
    {
        switch (status)
        {
            case InterviewStatus.InProgress: return;
            case InterviewStatus.Cancelled: throw new SessionRefusedException(RefusalCodes.InterviewCancelled, "This interview was cancelled");
            case InterviewStatus.Expired: throw new SessionRefusedException(RefusalCodes.InterviewExpired, "This interview has expired");
            case InterviewStatus.Scheduled: throw new SessionRefusedException(RefusalCodes.NotJoined, "Join the interview first");
            default: throw new SessionRefusedException(RefusalCodes.InterviewCompleted, "This interview is already completed");
        }
    }

    /// <summary>The platform's one text rule (<see cref="Web.CleanText"/>): tabs and line breaks, no other control characters.</summary>
    public static bool IsAcceptableText(string? text) => Web.CleanText.IsClean(text);

    private LiveQuestion? FirstOpen()
    {
        foreach (var question in _questions)
        {
            if (!_answers.ContainsKey(question.Ordinal)) return question;
        }
        return null;
    }

    private DateTimeOffset QuestionStart() => _answers.Count == 0 ? StartedAt!.Value : _answers.Values.Max(a => a.SubmittedAt);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

public sealed record LiveQuestion(int Ordinal, string Text, QuestionKind Kind, int TimeLimitSeconds, string? CodeLanguage, string? StarterCode);

public sealed record StoredAnswer(Guid AnswerId, int Ordinal, bool Unanswered, DateTimeOffset SubmittedAt, bool TimedOut = false)
{
    /// <summary>Nothing can be submitted for this question any more because its time ran out.</summary>
    public bool RanOut => Unanswered || TimedOut;

    public AnswerAccepted Ack => new(AnswerId, Ordinal, SubmittedAt);
}

/// <summary>What activation reads from the database in its one round trip.</summary>
public sealed record SessionSnapshot(
    Guid InterviewId, long Epoch, InterviewStatus Status, DateTimeOffset ScheduledAt, DateTimeOffset? StartedAt, int DurationMinutes, string CandidateName,
    string Language, int TokenVersion, IReadOnlyList<LiveQuestion> Questions, IReadOnlyList<StoredAnswer> Answers, IReadOnlyList<DraftAnswer> Drafts);
