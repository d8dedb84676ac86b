using System.Collections.Concurrent;
using InterviewPlatform.Shared.Interviews;
using InterviewPlatform.Shared.Speech;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>
/// The live interviews this node owns, in memory, one <see cref="LiveSession"/> per interview (as an Orleans
/// grain: one activation, storage as the source of truth, writes guarded by a token). A session is loaded
/// once, when this node's connection takes the lease; a submit is then validated in memory and written with
/// one fenced statement, and the state changes only after that commit. When a write is fenced off (another
/// node took the session over) or its outcome is unknown, the session is dropped and reloaded on next use.
/// See docs/decisions/0007-session-engine-owns-live-sessions-in-memory.md.
/// </summary>
public sealed partial class SessionEngine
{
    private readonly ConcurrentDictionary<Guid, LiveSession> _live = new();
    private readonly ConcurrentDictionary<Guid, Task<LiveSession>> _activating = new();
    private readonly SessionStore _store;
    private readonly SessionWriter _writer;
    private readonly SessionTimers _timers;
    private readonly ISessionNotifier _notifier;
    private readonly SessionMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger<SessionEngine> _log;
    private readonly AudioFormat? _audio;

    public SessionEngine(SessionStore store, SessionWriter writer, SessionTimers timers, ISessionNotifier notifier, SessionMetrics metrics,
        ITextToSpeech speech, TimeProvider clock, ILogger<SessionEngine> log)
    {
        (_store, _writer, _timers, _notifier, _metrics, _clock, _log) = (store, writer, timers, notifier, metrics, clock, log);
        _audio = speech.Format;
        timers.OnDue = TimeOutAsync;
        metrics.Meter.CreateObservableGauge("sessions.active", () => _live.Count, description: "Interviews this node owns in memory");
        metrics.Meter.CreateObservableGauge("sessions.writer.backlog", () => writer.Backlog, description: "Session writes waiting for a commit");
    }

    public int Count => _live.Count;

    /// <summary>
    /// The connection holds the lease: take the session over for it (fencing any earlier owner, on this node or
    /// another) and send its state without starting the clock. 1 round trip.
    /// </summary>
    public async Task<SessionState> AttachAsync(Guid interviewId, string connectionId, CancellationToken ct)
    {
        var session = await LoadAsync(interviewId, expectedEpoch: null);
        session.ConnectionId = connectionId;
        if (_live.TryGetValue(interviewId, out var previous) && previous != session) previous.Stale = true;
        _live[interviewId] = session;
        Schedule(session);
        await session.Gate.WaitAsync(ct);
        try
        {
            return session.State(_clock.GetUtcNow());
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>
    /// The session as it stands, without starting its clock: what the page shows on its welcome and waiting screens.
    /// No round trip unless questions timed out while nobody was connected.
    /// </summary>
    public Task<SessionState> PeekAsync(Guid interviewId, string connectionId, CancellationToken ct) =>
        WithSessionAsync(interviewId, connectionId, ct, async session =>
        {
            if (session.Status == InterviewStatus.InProgress) await CatchUpAsync(session);
            return session.State(_clock.GetUtcNow());
        });

    /// <summary>Starts the interview's clock (first join), or resumes it. At most 1 write, plus 1 for time-outs missed while away.</summary>
    public Task<SessionState> JoinAsync(Guid interviewId, string connectionId, CancellationToken ct) =>
        WithSessionAsync(interviewId, connectionId, ct, async session =>
        {
            // A completed interview joins to see its end; a cancelled or expired one is refused.
            if (session.Status is InterviewStatus.Cancelled or InterviewStatus.Expired) session.EnsureInProgress();
            if (session.Status == InterviewStatus.Scheduled)
            {
                var now = Now();
                // The link works from a little before the slot (the waiting room, Peek); the clock cannot start before it.
                if (now + _startSlack < session.ScheduledAt)
                {
                    throw new SessionRefusedException(RefusalCodes.TooEarly, $"The interview opens at {session.ScheduledAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
                }
                if (!(await WriteAsync(session, SessionWrite.Start(interviewId, session.Epoch, now))).Passed) await FencedAsync(session);
                session.Started(now);
            }
            await CatchUpAsync(session);
            return session.State(_clock.GetUtcNow());
        });

    /// <summary>Validates in memory, writes the answer with one statement (completing the interview with it when it is the last), then acks.</summary>
    public Task<SubmitOutcome> SubmitAsync(Guid interviewId, string connectionId, Guid answerId, int ordinal, string? text, string? code, DateTimeOffset? clientSentAt,
        CancellationToken ct)
    {
        LiveSession.EnsureAcceptable(text, code);
        return WithSessionAsync(interviewId, connectionId, ct, async session =>
        {
            // A retry of an answer already stored (also one stored before a node died) gets the same acknowledgement.
            if (session.AnswerById(answerId) is { } earlier) return new SubmitOutcome(earlier.Ack, session.State(_clock.GetUtcNow()));

            await EnsureCurrentAsync(session, ordinal);

            var now = Now();
            var answer = new StoredAnswer(answerId, ordinal, false, now);
            var completes = session.Completes([ordinal]);
            var result = await WriteAsync(session, SessionWrite.Answers(interviewId, session.Epoch, now,
                [new AnswerRow(ordinal, answerId, text, code, false, now, clientSentAt)], completes));
            if (!result.Passed) await FencedAsync(session);
            if (result.Inserted == 0)
            {
                // Our fence held, so the only conflict left is the answer id: another interview's.
                throw new SessionRefusedException(RefusalCodes.WrongOrdinal, "This answer id belongs to another interview");
            }
            session.Stored(answer);
            if (result.Completed) session.MarkCompleted();
            Schedule(session);
            return new SubmitOutcome(answer.Ack, session.State(now));
        });
    }

    /// <summary>The candidate ends early: what is left is recorded as unanswered, in one statement with the completion.</summary>
    public Task<FinishOutcome> FinishAsync(Guid interviewId, string connectionId, CancellationToken ct) =>
        WithSessionAsync(interviewId, connectionId, ct, async session =>
        {
            await CatchUpAsync(session);
            if (session.Status != InterviewStatus.InProgress) return new FinishOutcome(session.State(_clock.GetUtcNow()), false);
            var now = Now();
            var rows = session.Open.Select(o => new AnswerRow(o, Guid.NewGuid(), null, null, true, now)).ToList();
            var result = await WriteAsync(session, SessionWrite.Answers(interviewId, session.Epoch, now, rows, complete: true));
            if (!result.Passed) await FencedAsync(session);
            foreach (var row in rows) session.Stored(new StoredAnswer(row.AnswerId, row.Ordinal, true, now));
            session.MarkCompleted();
            return new FinishOutcome(session.State(now), true);
        });

    /// <summary>Saves what the candidate has typed for the current question so far (one fenced upsert); refused for any other question.</summary>
    public Task<DraftAnswer> SaveDraftAsync(Guid interviewId, string connectionId, int ordinal, string? text, string? code, CancellationToken ct)
    {
        LiveSession.EnsureAcceptable(text, code);
        return WithSessionAsync(interviewId, connectionId, ct, async session =>
        {
            await EnsureCurrentAsync(session, ordinal);
            var draft = new DraftAnswer(ordinal, text, code, Now());
            if (!(await WriteAsync(session, SessionWrite.Draft(interviewId, session.Epoch, draft))).Passed) await FencedAsync(session);
            session.Drafted(draft);
            return draft;
        });
    }

    /// <summary>The text and language to speak for <paramref name="ordinal"/>, refused unless it is the current question. No round trip.</summary>
    public Task<(string Text, string Language)> QuestionToSpeakAsync(Guid interviewId, string connectionId, int ordinal, CancellationToken ct) =>
        WithSessionAsync(interviewId, connectionId, ct, async session =>
        {
            var current = await EnsureCurrentAsync(session, ordinal);
            return (current.Text, session.Language);
        });

    /// <summary>An entry of the integrity timeline, sharing a commit with other sessions' writes.</summary>
    public async Task RecordAsync(Guid interviewId, IntegrityEventKind kind, string? detail, string? ip, string? connectionId)
    {
        try
        {
            await _writer.WriteAsync(SessionWrite.Integrity(interviewId, kind, detail, _clock.GetUtcNow(), ip, connectionId));
        }
        catch (StoreUnavailableException)
        {
            throw new SessionRefusedException(RefusalCodes.ServerBusy, "The server is busy: retry in a moment");
        }
    }

    /// <summary>A connection event for the timeline, written without holding up the call (sharing a later commit); a failure is logged.</summary>
    public void RecordInBackground(Guid interviewId, IntegrityEventKind kind, string? detail, string? ip, string? connectionId) =>
        _ = RecordQuietlyAsync(SessionWrite.Integrity(interviewId, kind, detail, _clock.GetUtcNow(), ip, connectionId));

    private async Task RecordQuietlyAsync(SessionWrite write)
    {
        try
        {
            await _writer.WriteAsync(write);
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "A connection event could not be recorded");
        }
    }

    /// <summary>The connection left, or its lease went to another holder: if the session was its, the node forgets it.</summary>
    public void Detach(Guid interviewId, string connectionId)
    {
        if (_live.TryGetValue(interviewId, out var session) && session.ConnectionId == connectionId)
        {
            _live.TryRemove(new KeyValuePair<Guid, LiveSession>(interviewId, session));
        }
    }

    private async Task TimeOutAsync(Guid interviewId)
    {
        if (!_live.TryGetValue(interviewId, out var session)) return;
        await session.Gate.WaitAsync();
        try
        {
            if (session.Stale || !_live.ContainsKey(interviewId)) return;
            var timedOut = await CatchUpAsync(session);
            if (timedOut > 0) _notifier.Advanced(session.InterviewId, session.ConnectionId, session.State(_clock.GetUtcNow()), timedOut);
        }
        catch (Exception ex) when (ex is SessionRefusedException or StoreUnavailableException)
        {
            // Fenced or busy: the next call (on whichever node owns the session then) catches up from the database.
            _log.LogDebug(ex, "Time-out of interview {InterviewId} left for the next call", interviewId);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>Records every question whose time ran out (and the completion, if that was all), in one statement. Returns how many.</summary>
    private async Task<int> CatchUpAsync(LiveSession session)
    {
        var overdue = session.Overdue(_clock.GetUtcNow());
        if (overdue.Count > 0)
        {
            // A question that ran out keeps what the candidate had typed: the latest draft becomes its answer.
            var rows = overdue.Select(o => session.DraftFor(o.Ordinal) is { } draft
                ? new AnswerRow(o.Ordinal, Guid.NewGuid(), draft.Text, draft.Code, false, o.At, TimedOut: true)
                : new AnswerRow(o.Ordinal, Guid.NewGuid(), null, null, true, o.At)).ToList();
            var completes = session.Completes(rows.Select(r => r.Ordinal));
            var result = await WriteAsync(session, SessionWrite.Answers(session.InterviewId, session.Epoch, Now(), rows, completes));
            if (!result.Passed) await FencedAsync(session);
            foreach (var row in rows) session.Stored(new StoredAnswer(row.AnswerId, row.Ordinal, row.Unanswered, row.SubmittedAt, row.TimedOut));
            if (result.Completed) session.MarkCompleted();
            _metrics.TimedOut(rows.Count);
        }
        Schedule(session);
        return overdue.Count;
    }

    /// <summary>How early Join may start the clock: the page's countdown and PostgreSQL's rounding of the slot to microseconds.</summary>
    private static readonly TimeSpan _startSlack = TimeSpan.FromSeconds(1);

    /// <summary>The server's time at PostgreSQL's precision (microseconds), so a time kept in memory equals the one stored.</summary>
    private DateTimeOffset Now()
    {
        var now = _clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    private void Schedule(LiveSession session)
    {
        if (session.NextTimeout is { } at) _timers.Schedule(session.InterviewId, at);
    }

    private async Task<WriteResult> WriteAsync(LiveSession session, SessionWrite write)
    {
        try
        {
            return await _writer.WriteAsync(write);
        }
        catch (StoreUnavailableException)
        {
            // Committed or not, we cannot tell: reload from the database before the next decision.
            Drop(session);
            throw new SessionRefusedException(RefusalCodes.ServerBusy, "The server is busy: retry in a moment (nothing acknowledged was lost)");
        }
    }

    /// <summary>A write did not pass its fence: find out whether another node owns the session now, or its status changed.</summary>
    private async Task FencedAsync(LiveSession session)
    {
        Drop(session);
        var current = await _store.CurrentAsync(session.InterviewId, CancellationToken.None);
        if (current is not { } now) throw new SessionRefusedException(RefusalCodes.NotACandidateToken, "This interview does not exist");
        if (now.Epoch != session.Epoch) throw new SessionRefusedException(RefusalCodes.SessionTakenOver, "This interview continued on another device");
        LiveSession.EnsureInProgress(now.Status);
        throw new SessionRefusedException(RefusalCodes.ServerBusy, "The session changed: retry");
    }

    /// <summary>Marks the session for a reload; it stays registered so its connection can resume it with its epoch.</summary>
    private static void Drop(LiveSession session) => session.Stale = true;

    private async Task<T> WithSessionAsync<T>(Guid interviewId, string connectionId, CancellationToken ct, Func<LiveSession, Task<T>> action)
    {
        while (true)
        {
            var session = await OwnedAsync(interviewId, connectionId, ct);
            await session.Gate.WaitAsync(ct);
            try
            {
                if (session.Stale) continue; // dropped while we waited: resume it again
                return await action(session);
            }
            finally
            {
                session.Gate.Release();
            }
        }
    }

    /// <summary>The connection's session; reloaded, when it was dropped, only if no other node took it meanwhile.</summary>
    private async Task<LiveSession> OwnedAsync(Guid interviewId, string connectionId, CancellationToken ct)
    {
        if (!_live.TryGetValue(interviewId, out var session) || session.ConnectionId != connectionId)
        {
            throw new SessionRefusedException(RefusalCodes.SessionTakenOver, "This interview is open on another device");
        }
        if (!session.Stale) return session;

        // Concurrent callers share one reload.
        var reload = _activating.GetOrAdd(interviewId, _ => ResumeAsync(session));
        try
        {
            return await reload.WaitAsync(ct);
        }
        finally
        {
            _activating.TryRemove(new KeyValuePair<Guid, Task<LiveSession>>(interviewId, reload));
        }
    }

    private async Task<LiveSession> ResumeAsync(LiveSession stale)
    {
        LiveSession session;
        try
        {
            session = await LoadAsync(stale.InterviewId, stale.Epoch);
        }
        catch (SessionRefusedException refused) when (refused.Code == RefusalCodes.SessionTakenOver)
        {
            _live.TryRemove(new KeyValuePair<Guid, LiveSession>(stale.InterviewId, stale));
            throw;
        }
        session.ConnectionId = stale.ConnectionId;
        if (!_live.TryUpdate(stale.InterviewId, session, stale))
        {
            throw new SessionRefusedException(RefusalCodes.SessionTakenOver, "This interview is open on another device");
        }
        Schedule(session);
        return session;
    }

    /// <summary>Loads the session, taking it over (no expected epoch) or resuming it (refused if the epoch moved).</summary>
    private async Task<LiveSession> LoadAsync(Guid interviewId, long? expectedEpoch)
    {
        SessionSnapshot? snapshot;
        try
        {
            snapshot = await _store.ActivateAsync(interviewId, expectedEpoch, CancellationToken.None);
        }
        catch (NpgsqlException ex) when (SessionWriter.IsConnectionLoss(ex) || ex.InnerException is TimeoutException)
        {
            throw new SessionRefusedException(RefusalCodes.ServerBusy, "The server is busy: retry in a moment");
        }
        if (snapshot is not null) return new LiveSession(snapshot) { Audio = _audio };
        if (expectedEpoch is not null && await _store.CurrentAsync(interviewId, CancellationToken.None) is not null)
        {
            throw new SessionRefusedException(RefusalCodes.SessionTakenOver, "This interview continued on another device");
        }
        throw new SessionRefusedException(RefusalCodes.NotACandidateToken, "This interview does not exist");
    }

    /// <summary>Records any time-outs first, then refuses unless <paramref name="ordinal"/> is the open, current question.</summary>
    private async Task<LiveQuestion> EnsureCurrentAsync(LiveSession session, int ordinal)
    {
        await CatchUpAsync(session);
        return session.EnsureCurrent(ordinal);
    }
}
