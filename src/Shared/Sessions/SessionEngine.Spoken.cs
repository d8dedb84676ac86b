namespace InterviewPlatform.Shared.Sessions;

/// <summary>Spoken answers: checked before the upload, committed (answer and recording in one fenced statement) after it.</summary>
public sealed partial class SessionEngine
{
    /// <summary>
    /// Before a recording streams up: the interview's language, and the acknowledgement of an answer already stored under
    /// <paramref name="answerId"/> (a retry), else null once <paramref name="ordinal"/> is checked to be the current question (refused otherwise,
    /// with the typed answers' codes). No round trip, unless time-outs are due.
    /// </summary>
    public Task<(SubmitOutcome? Earlier, string Language)> CheckSpokenAsync(Guid interviewId, string connectionId, Guid answerId, int ordinal, CancellationToken ct) =>
        WithSessionAsync(interviewId, connectionId, ct, async session =>
        {
            if (session.AnswerById(answerId) is { } earlier) return (new SubmitOutcome(earlier.Ack, session.State(_clock.GetUtcNow())), session.Language);
            await EnsureCurrentAsync(session, ordinal);
            return ((SubmitOutcome?)null, session.Language);
        });

    /// <summary>
    /// Stores a spoken answer once its recording is complete: checked again (the question may have run out, or another
    /// device taken over, while it streamed), then one fenced statement writes the answer and the recording together.
    /// Acknowledged only after that commit. 1 round trip.
    /// </summary>
    public Task<SubmitOutcome> SubmitSpokenAsync(Guid interviewId, string connectionId, Guid answerId, int ordinal, SpokenAnswer answer, CancellationToken ct) =>
        WithSessionAsync(interviewId, connectionId, ct, async session =>
        {
            if (session.AnswerById(answerId) is { } earlier) return new SubmitOutcome(earlier.Ack, session.State(_clock.GetUtcNow()));
            await EnsureCurrentAsync(session, ordinal);

            var now = Now();
            var completes = session.Completes([ordinal]);
            var result = await WriteAsync(session, SessionWrite.Spoken(interviewId, session.Epoch, now, ordinal, answerId, answer, completes));
            if (!result.Passed) await FencedAsync(session);
            if (result.Inserted == 0) throw new SessionRefusedException(RefusalCodes.WrongOrdinal, "This answer id belongs to another interview");
            var stored = new StoredAnswer(answerId, ordinal, false, now);
            session.Stored(stored);
            if (result.Completed) session.MarkCompleted();
            Schedule(session);
            return new SubmitOutcome(stored.Ack, session.State(now));
        });
}
