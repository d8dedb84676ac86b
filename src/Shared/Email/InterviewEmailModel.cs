namespace InterviewPlatform.Shared.Email;

/// <summary>Everything an interview email needs, captured when the outbox row is written.</summary>
/// <param name="Language">One of <see cref="EmailComposer.Languages"/>; anything else is sent in English.</param>
/// <param name="TimeZone">The candidate's IANA time zone, e.g. <c>Europe/Paris</c>.</param>
/// <param name="JoinUrl">The candidate's personal link; required for every kind except <see cref="EmailKind.Cancelled"/>.</param>
/// <param name="PreviousSlotUtc">The slot before the move; required for <see cref="EmailKind.Rescheduled"/>.</param>
/// <param name="Evaluation">The run an <see cref="EmailKind.EvaluationReady"/> email announces; null for every other kind.</param>
/// <param name="CalendarSequence">The .ics SEQUENCE: raise it on every reschedule and on cancel, or calendars ignore the update.</param>
public sealed record InterviewEmailModel(
    Guid InterviewId,
    string Language,
    string CandidateName,
    string CandidateEmail,
    string JobTitle,
    string CompanyName,
    DateTimeOffset SlotUtc,
    string TimeZone,
    int DurationMinutes,
    string? JoinUrl,
    DateTimeOffset? PreviousSlotUtc,
    int CalendarSequence,
    string? RecruiterMonitorUrl,
    EvaluationFacts? Evaluation = null);

/// <summary>What the recruiter sees of a run in the email; the full result is behind <paramref name="Url"/>.</summary>
/// <param name="Recommendation">The wire name: strong_hire, hire, lean_no or no_hire.</param>
public sealed record EvaluationFacts(Guid RunId, double Score, string Recommendation, string Evaluator, string? Url);
