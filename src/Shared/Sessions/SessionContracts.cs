using InterviewPlatform.Shared.Interviews;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>Everything a (re)joining client needs to draw the session, from any node.</summary>
public sealed record SessionState(
    Guid InterviewId, InterviewStatus Status, string CandidateName, string Language, int QuestionCount,
    CurrentQuestion? Current, IReadOnlyList<int> AnsweredOrdinals, int? QuestionSecondsLeft, int InterviewSecondsLeft, DateTimeOffset ServerTime);

/// <param name="Audio">What <c>StreamQuestionAudio</c> carries for this question, or null when the session is text only.</param>
/// <param name="Draft">What the candidate last saved for this question (a reload or another device resumes with it).</param>
public sealed record CurrentQuestion(int Ordinal, string Text, QuestionKind Kind, int TimeLimitSeconds, string? Language, string? StarterCode,
    Speech.AudioFormat? Audio = null, DraftAnswer? Draft = null);

/// <summary>A question's unsent answer as last saved; it becomes the answer if the question's time runs out.</summary>
public sealed record DraftAnswer(int Ordinal, string? Text, string? Code, DateTimeOffset SavedAt)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Code);
}

/// <summary>Sent only once the answer is committed.</summary>
public sealed record AnswerAccepted(Guid AnswerId, int Ordinal, DateTimeOffset StoredAt);

public sealed record SubmitOutcome(AnswerAccepted Accepted, SessionState State);

/// <summary>Why the server refused a request; <see cref="Code"/> is stable for clients to switch on.</summary>
public sealed class SessionRefusedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

public static class RefusalCodes
{
    public const string NotACandidateToken = "not_a_candidate_token";
    public const string TokenExpired = "token_expired";
    public const string TooEarly = "too_early";
    public const string LinkReplaced = "link_replaced";
    public const string InterviewCancelled = "interview_cancelled";
    public const string InterviewExpired = "interview_expired";
    public const string InterviewCompleted = "interview_completed";
    public const string WrongOrdinal = "wrong_ordinal";
    public const string TimeLimitPassed = "time_limit_passed";
    public const string AnswerTooLarge = "answer_too_large";
    public const string RateLimited = "rate_limited";
    public const string NotJoined = "not_joined";
    public const string SessionTakenOver = "session_taken_over";
    public const string AlreadyAnswered = "already_answered";
    public const string InvalidText = "invalid_text";

    /// <summary>A spoken answer's recording is not one of the accepted formats (WebM/Ogg Opus, MP4, WAV).</summary>
    public const string UnsupportedAudio = "unsupported_audio";

    /// <summary>A spoken answer's stream ended without any audio.</summary>
    public const string EmptyAnswer = "empty_answer";

    /// <summary>The node is overloaded or the database unreachable: retry the same call (same answer id) shortly.</summary>
    public const string ServerBusy = "server_busy";
}

/// <summary>Told when the server changes a session on its own (questions timed out), so the candidate and watchers hear of it.</summary>
public interface ISessionNotifier
{
    void Advanced(Guid interviewId, string? connectionId, SessionState state, int questionsTimedOut);
}

public sealed record FinishOutcome(SessionState State, bool CompletedNow);
